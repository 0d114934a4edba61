import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Report } from '../../src/engine/diagnostic.js';
import { formatJson } from '../../src/reporters/json.js';
import { cleanRun, plainOptions, sampleRun } from './sample-run.js';

const addFormats = addFormatsModule.default;
const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The sample report rebuilt with every object's keys in reverse order. */
function scrambled(report: Report): Report {
  const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;
  return reversed({
    ...report,
    summary: reversed(report.summary),
    diagnostics: report.diagnostics.map((d) =>
      reversed({ ...d, ...(d.related ? { related: d.related.map(reversed) } : {}) }),
    ),
  });
}

describe('formatJson', () => {
  it('writes a report valid against schemas/report.schema.json', () => {
    const out = formatJson(sampleRun(), plainOptions);
    expect(out.endsWith('}\n')).toBe(true);
    expect(errorsOf(JSON.parse(out))).toEqual([]);
    expect(errorsOf(JSON.parse(formatJson(cleanRun(), plainOptions)))).toEqual([]);
  });

  it('round-trips the report', () => {
    const run = sampleRun();
    expect(JSON.parse(formatJson(run, plainOptions))).toEqual(run.report);
  });

  it("writes keys in the contract's order whatever the input order", () => {
    const run = sampleRun();
    run.report = scrambled(run.report);
    const parsed = JSON.parse(formatJson(run, plainOptions));

    expect(Object.keys(parsed)).toEqual(['tool', 'version', 'root', 'summary', 'diagnostics']);
    expect(Object.keys(parsed.summary)).toEqual(['files', 'rules', 'errors', 'warnings', 'infos', 'durationMs']);
    const keys = parsed.diagnostics.map((d: object) => Object.keys(d).join(','));
    expect(keys).toEqual([
      'ruleId,messageId,severity,message,file,line,column,endLine,endColumn,url',
      'ruleId,messageId,severity,message,file,line,column,endLine,endColumn,url',
      'ruleId,messageId,severity,message,file,line,column,endLine,endColumn,pointer,related,url',
      'ruleId,messageId,severity,message,file,line,column,endLine,endColumn,pointer,url',
      'ruleId,messageId,severity,message,file,line,column,endLine,endColumn,pointer,url',
    ]);
    expect(Object.keys(parsed.diagnostics[2].related[0])).toEqual([
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'message',
    ]);
    expect(formatJson(run, plainOptions)).toBe(formatJson(sampleRun(), plainOptions));
  });

  it('drops keys the contract does not have', () => {
    const run = sampleRun();
    const first = run.report.diagnostics[0]! as Diagnostic & { internal?: unknown };
    first.internal = { node: 'mdast' };
    const parsed = JSON.parse(formatJson(run, plainOptions));
    expect(parsed.diagnostics[0]).not.toHaveProperty('internal');
    expect(errorsOf(parsed)).toEqual([]);
  });
});

describe('schemas/report.schema.json', () => {
  const valid = (): Report => JSON.parse(formatJson(sampleRun(), plainOptions));
  /** The sample finding that has a pointer and a related location, as loose JSON. */
  const finding = (report: Report): Record<string, unknown> =>
    report.diagnostics[2] as unknown as Record<string, unknown>;
  const related = (report: Report): Record<string, unknown> =>
    report.diagnostics[2]!.related![0] as unknown as Record<string, unknown>;

  it('has the published $id and is draft 2020-12', () => {
    expect(schema.$id).toBe('https://surveyor.dev/schemas/report.schema.json');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it.each<[string, (report: Report) => void]>([
    ['an unknown top-level key', (r) => Object.assign(r, { extra: true })],
    ['another tool', (r) => Object.assign(r, { tool: 'eslint' })],
    ['a missing summary count', (r) => delete (r.summary as Partial<Report['summary']>).infos],
    ['a negative count', (r) => Object.assign(r.summary, { errors: -1 })],
    ['an unknown severity', (r) => (finding(r).severity = 'fatal')],
    ['line 0', (r) => (finding(r).line = 0)],
    ['a fractional column', (r) => (finding(r).column = 1.5)],
    ['a pointer without a leading slash', (r) => (finding(r).pointer = 'profiles/0')],
    ['a pointer with a bad escape', (r) => (finding(r).pointer = '/a~2b')],
    ['a diagnostic without url', (r) => delete finding(r).url],
    ['a rule id that is not group/name', (r) => (finding(r).ruleId = 'SchemaValid')],
    ['a related location without a message', (r) => delete related(r).message],
    ['a related location with an unknown key', (r) => (related(r).note = 'x')],
    ['a related location at column 0', (r) => (related(r).column = 0)],
  ])('rejects %s', (_name, change) => {
    const report = valid();
    change(report);
    expect(errorsOf(report)).not.toEqual([]);
  });

  it('accepts an empty pointer (the whole document) and related locations without an end', () => {
    const report = valid();
    finding(report).pointer = '';
    finding(report).related = [{ file: 'a.yaml', line: 1, column: 1, message: 'Defined here' }];
    expect(errorsOf(report)).toEqual([]);
  });
});
