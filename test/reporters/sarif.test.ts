import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { fingerprints } from '../../src/engine/fingerprint.js';
import { formatSarif, type SarifLog, sarifLog } from '../../src/reporters/sarif.js';
import { codeScanningProblems } from './github-code-scanning.js';
import { cleanRun, plainOptions, sampleDiagnostics, sampleRun } from './sample-run.js';

const addFormats = addFormatsModule.default;
/** The official OASIS SARIF 2.1.0 schema (draft-07), stored verbatim. */
const sarifSchema = JSON.parse(readFileSync(new URL('../fixtures/sarif-2.1.0.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;

/** The same findings, every line (and related line) moved down by `by`, as after inserting lines at the top. */
function shifted(diagnostics: Diagnostic[], by: number): Diagnostic[] {
  return diagnostics.map((d) => ({
    ...d,
    line: d.line + by,
    endLine: d.endLine + by,
    ...(d.related
      ? {
          related: d.related.map((r) => ({
            ...r,
            line: r.line + by,
            ...(r.endLine ? { endLine: r.endLine + by } : {}),
          })),
        }
      : {}),
  }));
}

describe('formatSarif', () => {
  it('writes a log valid against the official SARIF 2.1.0 schema', () => {
    const out = formatSarif(sampleRun(), plainOptions);
    expect(out.endsWith('}\n')).toBe(true);
    expect(errorsOf(JSON.parse(out))).toEqual([]);
    expect(errorsOf(JSON.parse(formatSarif(cleanRun(), plainOptions)))).toEqual([]);
    expect(
      errorsOf(JSON.parse(formatSarif(sampleRun(sampleDiagnostics(), '/home/ci/atlas repo'), plainOptions))),
    ).toEqual([]);
  });

  it("meets GitHub code scanning's ingestion rules: rule descriptions and help, %SRCROOT% with a uri", () => {
    const fromDisk = { ...sampleRun(), rootDir: '/home/ci/atlas' };
    expect(codeScanningProblems(sarifLog(fromDisk, plainOptions))).toEqual([]);
    expect(codeScanningProblems(sarifLog({ ...cleanRun(), rootDir: '/home/ci/atlas' }, plainOptions))).toEqual([]);
    // The checks have teeth: the log as it was before (no descriptions or help, %SRCROOT% without a uri).
    const bare = sarifLog(sampleRun(), plainOptions) as unknown as {
      runs: { tool: { driver: { rules: object[] } } }[];
    };
    bare.runs[0]!.tool.driver.rules = [{ id: 'schema/valid', shortDescription: { text: 'x' } }];
    expect(codeScanningProblems(bare)).toEqual([
      '/runs/0/tool/driver/rules/0/fullDescription/text: required',
      '/runs/0/tool/driver/rules/0/help/text: required',
      '/runs/0/tool/driver/rules/0/help/markdown: recommended, shown on the alert',
      '/runs/0/originalUriBaseIds/%SRCROOT%: needs a `uri`',
    ]);
  });

  it('would notice an invalid log (the schema check has teeth)', () => {
    const log = sarifLog(sampleRun(), plainOptions) as unknown as {
      runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    log.runs[0]!.results[0]!.level = 'info';
    log.runs[0]!.results[1]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(errorsOf(log)).toEqual(
      expect.arrayContaining([
        '/runs/0/results/0/level must be equal to one of the allowed values',
        '/runs/0/results/1/locations/0/physicalLocation/region/startLine must be >= 1',
      ]),
    );
  });

  it('describes the tool and one reporting descriptor per rule', () => {
    const { driver } = parse(formatSarif(sampleRun(), plainOptions)).runs[0].tool;
    expect(driver.name).toBe('surveyor');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toBe('https://github.com/atlas-org/surveyor/blob/v0.1.0/');
    expect(driver.rules.map((rule) => rule.id)).toEqual([
      'contracts/docs-match-matrix',
      'contracts/profile-suite-exists',
      'docs/no-dead-links',
      'docs/prefer-digest',
      'evidence/digest-matches',
      'schema/valid',
    ]);
    const docs = 'https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/schema/valid.md';
    expect(driver.rules[5]).toEqual({
      id: 'schema/valid',
      name: 'SchemaValid',
      shortDescription: { text: 'Contract files match their JSON Schema' },
      fullDescription: { text: 'Each contract file is validated against its mapped schema.' },
      help: {
        text: `Each contract file is validated against\nits mapped schema.\n\nFix the value the finding points at, or the schema.\n\nDocumentation: ${docs}`,
        markdown: `Each contract file is validated against\nits mapped schema.\n\nFix the value the finding points at, or the schema.\n\n[Documentation of \`schema/valid\`](${docs})`,
      },
      helpUri: docs,
      defaultConfiguration: { level: 'error' },
    });
    // A rule without a rationale still has every descriptor field GitHub ingests.
    expect(driver.rules[2]).toMatchObject({
      name: 'DocsNoDeadLinks',
      fullDescription: { text: 'Links in docs resolve' },
      help: { text: expect.stringMatching(/^Links in docs resolve\n\nDocumentation: https:/) },
    });
    expect(driver.rules.map((rule) => rule.defaultConfiguration.level)).toEqual([
      'warning',
      'error',
      'warning',
      'note',
      'error',
      'error',
    ]);
  });

  it('joins help URIs onto a base URL without a trailing slash', () => {
    const { driver } = parse(formatSarif({ ...sampleRun(), docsBaseUrl: 'https://surveyor.dev/v0.1' }, plainOptions))
      .runs[0].tool;
    expect(driver.rules[0]!.helpUri).toBe('https://surveyor.dev/v0.1/docs/rules/contracts/docs-match-matrix.md');
  });

  it("takes help URIs from the run's docs base URL, and omits them when it is not absolute", () => {
    const fromRun = parse(formatSarif(sampleRun(), plainOptions)).runs[0].tool.driver;
    expect(fromRun.informationUri).toBe(sampleRun().docsBaseUrl);
    expect(fromRun.rules[5]!.helpUri).toBe(`${sampleRun().docsBaseUrl}docs/rules/schema/valid.md`);

    const log = sarifLog({ ...sampleRun(), docsBaseUrl: 'docs/' }, plainOptions);
    expect(log.runs[0].tool.driver).not.toHaveProperty('informationUri');
    expect(log.runs[0].tool.driver.rules.some((rule) => 'helpUri' in rule)).toBe(false);
    expect(errorsOf(log)).toEqual([]);
  });

  it('maps each finding to a result with its rule, level, region, related locations and pointer', () => {
    const run = parse(formatSarif(sampleRun(), plainOptions)).runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['contracts/docs-match-matrix', 0, 'warning'],
      ['docs/prefer-digest', 3, 'note'],
      ['contracts/profile-suite-exists', 1, 'error'],
      ['schema/valid', 5, 'error'],
      ['evidence/digest-matches', 4, 'error'],
    ]);
    const crossFile = run.results[2]!;
    expect(crossFile.message.text).toMatch(/^Profile `perf` names suite `perf-smoke`/);
    expect(run.results.map((r) => r.message.id)).toEqual(['sample', 'sample', 'sample', 'sample', 'sample']);
    expect(crossFile.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'ops/k8s/install-matrix.json', uriBaseId: '%SRCROOT%' },
          region: { startLine: 5, startColumn: 16, endLine: 5, endColumn: 28 },
        },
      },
    ]);
    expect(crossFile.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'ops/k8s/upgrade-scenarios.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 16 },
        },
        message: { text: 'Suites are defined here: `smoke`, `soak`' },
      },
    ]);
    expect(crossFile.properties).toEqual({ pointer: '/profiles/0/suite' });
    expect(run.results[0]).not.toHaveProperty('properties');
    expect(run.results[0]).not.toHaveProperty('relatedLocations');
    expect(run.results[0]!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 3,
      startColumn: 1,
      endLine: 4,
      endColumn: 33,
    });
    expect(run.results.map((r) => r.partialFingerprints['surveyor/v1'])).toEqual(
      fingerprints(sampleDiagnostics(), sampleRun().headingAnchors),
    );
  });

  it('lists every file once as an artifact and says what %SRCROOT% is', () => {
    const run = parse(formatSarif(sampleRun(), plainOptions)).runs[0];
    expect(run.artifacts.map((a) => a.location.uri)).toEqual([
      'docs/install.md',
      'ops/k8s/install-matrix.json',
      'ops/k8s/upgrade-scenarios.yaml',
      'release/evidence.json',
    ]);
    expect(run.artifacts.every((a) => a.location.uriBaseId === '%SRCROOT%')).toBe(true);
    expect(run.originalUriBaseIds['%SRCROOT%']).toEqual({
      description: { text: 'The repository root surveyor checked (`.`)' },
    });

    const absolute = parse(formatSarif(sampleRun(sampleDiagnostics(), '/home/ci/atlas repo'), plainOptions)).runs[0];
    expect(absolute.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///home/ci/atlas%20repo/' });
    const windows = parse(formatSarif(sampleRun(sampleDiagnostics(), 'C:\\work\\atlas'), plainOptions)).runs[0];
    expect(windows.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///C:/work/atlas/' });
    // A run from disk knows its absolute root even when the report shows it as `.`.
    const fromDisk = parse(formatSarif({ ...sampleRun(), rootDir: '/home/ci/atlas' }, plainOptions)).runs[0];
    expect(fromDisk.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///home/ci/atlas/' });
  });

  it('percent-encodes file paths that are not valid URI references as they stand', () => {
    const odd = { ...sampleDiagnostics()[0]!, file: 'docs/a b/50%#1.md' };
    const log = sarifLog(sampleRun([odd]), plainOptions);
    expect(log.runs[0].results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('docs/a%20b/50%25%231.md');
    expect(errorsOf(log)).toEqual([]);
  });

  it('describes a rule that reported without being listed, so every result has a ruleIndex', () => {
    const stray: Diagnostic = { ...sampleDiagnostics()[0]!, ruleId: 'workspace/path-escapes-root', severity: 'error' };
    const log = sarifLog(sampleRun([stray]), plainOptions);
    const { driver } = log.runs[0].tool;
    expect(driver.rules.at(-1)).toMatchObject({
      id: 'workspace/path-escapes-root',
      name: 'WorkspacePathEscapesRoot',
      shortDescription: { text: 'Findings of `workspace/path-escapes-root`' },
      helpUri: 'https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/contracts/docs-match-matrix.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(log.runs[0].results[0]!.ruleIndex).toBe(driver.rules.length - 1);
    expect(errorsOf(log)).toEqual([]);
  });

  it('keeps fingerprints when every line shifts by 3', () => {
    const before = parse(formatSarif(sampleRun(), plainOptions)).runs[0].results;
    const after = parse(formatSarif(sampleRun(shifted(sampleDiagnostics(), 3)), plainOptions)).runs[0].results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(
      before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 3),
    );
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
  });

  it('keeps fingerprints when a message quotes a line number that moved', () => {
    const quoting = (line: number): Diagnostic => ({
      ...sampleDiagnostics()[0]!,
      line,
      endLine: line + 1,
      message: `Suite \`perf-smoke\` is also named at line ${line + 40} and at ${line + 40}:7`,
    });
    const [before] = fingerprints([quoting(3)]);
    const [after] = fingerprints([quoting(6)]);
    expect(after).toBe(before);
  });

  it('gives different findings different fingerprints', () => {
    const results = parse(formatSarif(sampleRun(), plainOptions)).runs[0].results;
    const ids = results.map((r) => r.partialFingerprints['surveyor/v1']);
    expect(new Set(ids).size).toBe(ids.length);

    const twice = sampleDiagnostics()[3]!;
    const sameTwice = parse(formatSarif(sampleRun([twice, { ...twice, line: 9, endLine: 9 }]), plainOptions)).runs[0]
      .results;
    expect(sameTwice[0]!.partialFingerprints).not.toEqual(sameTwice[1]!.partialFingerprints);
  });

  it('is byte-identical across runs', () => {
    expect(formatSarif(sampleRun(), plainOptions)).toBe(formatSarif(sampleRun(), plainOptions));
  });
});
