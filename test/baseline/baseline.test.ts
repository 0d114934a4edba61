import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/diagnostic.js';
import type { GateReport } from '../../src/gate/gate-report.js';
import type { SarifLog } from '../../src/reporters/sarif.js';
import { surveyorPackageRoot } from '../../src/version.js';
import { copyExample, EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { runCli, tempDirs, warmCopies } from '../support/cli-run.js';

const SCENARIO = 'ops/e2e/scenarios/upgrade/upgrade-patch.json';
const PAGE = 'docs/release/readiness.md';
const NOW = ['--now', '2026-11-27'];

const tempDir = tempDirs('surveyor-baseline-');

function run(...args: string[]) {
  return runCli([...args, ...NOW]);
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const target = path.join(root, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
}

function validator(schema: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(surveyorPackageRoot(), 'schemas', schema), 'utf8')));
}

/**
 * A copy of the example with debt: a patch upgrade declared `minor` (a JSON finding with a
 * pointer, and the generated scenario-steps page drifting from it) and a docs page naming a
 * file that does not exist (a Markdown finding under the `## Inputs` heading).
 */
const indebtedCopy = warmCopies(tempDir, () => {
  const root = tempDir();
  copyExample(root);
  edit(root, SCENARIO, (text) => text.replace('"kind": "patch"', '"kind": "minor"'));
  edit(root, PAGE, (text) =>
    text.replace(
      'Each input is one check with a state.',
      'Each input is one check with a state, listed in `ops/report/generated/inputs.json`.',
    ),
  );
  return { root };
});

/** A copy of `indebtedCopy`, its result cache filled, and where its baseline goes. */
async function indebted(): Promise<{ root: string; baseline: string }> {
  const { root } = await indebtedCopy();
  return { root, baseline: path.join(root, 'surveyor-baseline.json') };
}

async function jsonReport(...args: string[]): Promise<{ code: number; report: Report }> {
  const { code, stdout } = await run('check', '--format', 'json', ...args);
  return { code, report: JSON.parse(stdout) as Report };
}

describe('check --write-baseline', () => {
  it('records every finding by fingerprint in a sorted, schema-valid file, the same bytes every time', async () => {
    const { root, baseline } = await indebted();
    const { report } = await jsonReport('--root', root);
    expect(new Set(report.diagnostics.map((d) => d.ruleId))).toEqual(
      new Set(['docs/path-ref', 'generated/drift', 'scenario/kind-semver']),
    );

    const written = await run('check', '--root', root, '--write-baseline', baseline);
    expect(written).toEqual({
      code: 0,
      stdout: `✔ Baseline ${baseline} records ${report.diagnostics.length} findings\n`,
      stderr: '',
    });
    const text = readFileSync(baseline, 'utf8');
    const file = JSON.parse(text);
    const validate = validator('baseline.schema.json');
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(file.version).toBe(1);
    type Entry = { file: string; ruleId: string; pointer?: string; anchor?: string; message: string };
    const places = file.findings.map((f: Entry) => [f.file, f.ruleId, f.pointer ?? `#${f.anchor}`]);
    expect(places).toHaveLength(report.diagnostics.length);
    expect(places).toContainEqual([PAGE, 'docs/path-ref', '#inputs']);
    expect(places).toContainEqual([SCENARIO, 'scenario/kind-semver', '/kind']);
    const order = file.findings.map(
      (f: Entry) => `${f.file}\u0000${f.ruleId}\u0000${f.pointer ?? f.anchor}\u0000${f.message}`,
    );
    expect(order).toEqual([...order].sort());
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await run('check', '--root', root, '--write-baseline', baseline);
    expect(readFileSync(baseline, 'utf8')).toBe(text);
  });

  it('uses the fingerprints SARIF reports, so code scanning and baselines agree', async () => {
    const { root, baseline } = await indebted();
    await run('check', '--root', root, '--write-baseline', baseline);
    const sarif = JSON.parse((await run('check', '--root', root, '--format', 'sarif')).stdout) as SarifLog;
    const fromSarif = sarif.runs[0].results.map((r) => r.partialFingerprints['surveyor/v1']).sort();
    const recorded = JSON.parse(readFileSync(baseline, 'utf8'))
      .findings.map((f: { fingerprint: string }) => f.fingerprint)
      .sort();
    expect(fromSarif).toEqual(recorded);
  });
});

describe('check --baseline', () => {
  it('reports nothing for the recorded findings, even after an unrelated line at the top of each file moved them', async () => {
    const { root, baseline } = await indebted();
    await run('check', '--root', root, '--write-baseline', baseline);
    const before = (await jsonReport('--root', root)).report.diagnostics;

    edit(root, SCENARIO, (text) => `\n${text}`);
    edit(root, PAGE, (text) =>
      text.replace(
        '# Release Readiness\n',
        '# Release Readiness\n\nThis page was reorganised; nothing below changed.\n',
      ),
    );
    const moved = (await jsonReport('--root', root)).report.diagnostics;
    const lines = (list: typeof before) => list.map((d) => `${d.ruleId} ${d.line}`).sort();
    expect(lines(moved)).not.toEqual(lines(before));

    const { code, report } = await jsonReport('--root', root, '--baseline', baseline);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, infos: 0 });
    expect(report.baseline).toEqual({ file: baseline, known: before.length, fixed: [] });
    const validate = validator('report.schema.json');
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(code).toBe(0);
  });

  it('lists a fixed finding as fixed, one line each in stylish and in the JSON report', async () => {
    const { root, baseline } = await indebted();
    await run('check', '--root', root, '--write-baseline', baseline);
    const recorded = (await jsonReport('--root', root)).report.diagnostics.length;
    edit(root, PAGE, (text) => text.replace(', listed in `ops/report/generated/inputs.json`.', '.'));

    const { code, report } = await jsonReport('--root', root, '--baseline', baseline);
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);
    expect(report.baseline?.known).toBe(recorded - 1);
    expect(report.baseline?.fixed).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        ruleId: 'docs/path-ref',
        file: PAGE,
        anchor: 'inputs',
        message:
          '`ops/report/generated/inputs.json` does not exist in the repository: fix the path, or drop the backticks if it is not one',
      },
    ]);

    const stylish = await run('check', '--root', root, '--baseline', baseline);
    expect(stylish.stdout.split('\n')).toEqual([
      `Fixed since the baseline ${baseline}:`,
      `  ✔ ${path.relative(process.cwd(), root)}/${PAGE}#inputs  \`ops/report/generated/inputs.json\` does not exist in the repository: fix the path, or drop the backticks if it is not one  docs/path-ref`,
      '',
      `${recorded - 1} known findings recorded in ${baseline} not shown`,
      expect.stringMatching(/^✔ No problems \(\d+ files checked\)$/),
      '',
    ]);
  });

  it('reports a new finding as new, and fails on it', async () => {
    const { root, baseline } = await indebted();
    await run('check', '--root', root, '--write-baseline', baseline);
    const recorded = (await jsonReport('--root', root)).report.diagnostics.length;
    edit(root, 'ops/e2e/scenarios/upgrade/rollback-patch.json', (text) =>
      text.replace('"kind": "rollback"', '"kind": "patch"'),
    );
    const { code, report } = await jsonReport('--root', root, '--baseline', baseline);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        ruleId: 'scenario/kind-semver',
        file: 'ops/e2e/scenarios/upgrade/rollback-patch.json',
        severity: 'error',
      }),
    );
    expect(report.diagnostics.filter((d) => d.file === SCENARIO || d.file === PAGE)).toEqual([]);
    expect(report.summary.errors).toBe(report.diagnostics.filter((d) => d.severity === 'error').length);
    expect(report.baseline).toMatchObject({ known: recorded, fixed: [] });
    expect(code).toBe(1);
  });

  it('with FILES, counts as fixed only what the baseline records for those files', async () => {
    const { root, baseline } = await indebted();
    await run('check', '--root', root, '--write-baseline', baseline);
    const { report } = await jsonReport('--root', root, '--baseline', baseline, path.join(root, PAGE));
    expect(report.baseline).toEqual({ file: baseline, known: 1, fixed: [] });
  });

  it('lets the gate through on known debt of `check` and `docs`, never on release blockers, and lists the fixed ones', async () => {
    const { root, baseline } = await indebted();
    const blocked = JSON.parse(
      (await run('gate', '--release', '1.4.0', '--root', root, '--format', 'json')).stdout,
    ) as GateReport;
    expect(blocked.verdict).toBe('blocked');
    await run('check', '--root', root, '--write-baseline', baseline);
    const recorded = (await jsonReport('--root', root)).report.diagnostics.length;
    edit(root, PAGE, (text) => text.replace(', listed in `ops/report/generated/inputs.json`.', '.'));
    const { code, stdout } = await run(
      'gate',
      '--release',
      '1.4.0',
      '--root',
      root,
      '--format',
      'json',
      '--baseline',
      baseline,
    );
    const report = JSON.parse(stdout) as GateReport;
    // The scenario's wrong kind is a release blocker: recorded or not, it counts.
    expect(report.verdict).toBe('blocked');
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['scenarios']);
    expect(report.baseline).toMatchObject({
      file: baseline,
      known: recorded - 2,
      ignored: 1,
      fixed: [expect.objectContaining({ ruleId: 'docs/path-ref', anchor: 'inputs' })],
    });
    expect(code).toBe(1);
  });
});

describe('a baseline that cannot be used', () => {
  const cases: [string, string | undefined, RegExp][] = [
    [
      'a missing file',
      undefined,
      /^surveyor: cannot read baseline `.*absent\.json` \(ENOENT\): write one with `surveyor check --write-baseline .*absent\.json`\n$/,
    ],
    [
      'text that is not JSON',
      '{ "version": 1, ',
      /^surveyor: baseline `.*` is not JSON \(.*\): write it again with `surveyor check --write-baseline`\n$/,
    ],
    [
      'another format version',
      '{ "version": 2, "findings": [] }\n',
      /^surveyor: baseline `.*` is not a surveyor baseline \(`version`: .*\): write it again with `surveyor check --write-baseline`\n$/,
    ],
    [
      'a fingerprint that is not one',
      '{ "version": 1, "findings": [{ "fingerprint": "abc", "ruleId": "docs/path-ref", "file": "a.md", "message": "m" }] }\n',
      /^surveyor: baseline `.*` is not a surveyor baseline \(`findings\.0\.fingerprint`: .*32 lowercase hex digits.*\): write it again/,
    ],
  ];
  it.each(cases)('%s: exit 2 with one line, for check and gate', async (_name, content, message) => {
    const dir = tempDir();
    const file = path.join(dir, content === undefined ? 'absent.json' : 'baseline.json');
    if (content !== undefined) writeFileSync(file, content);
    for (const args of [
      ['check', '--root', EXAMPLE_ROOT],
      ['gate', '--release', '1.4.0', '--root', EXAMPLE_ROOT],
    ]) {
      const { code, stdout, stderr } = await run(...args, '--baseline', file);
      expect(stderr).toMatch(message);
      expect(stderr.split('\n')).toHaveLength(2);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    }
  });

  it('--write-baseline with a report option or FILES is a usage error', async () => {
    const file = path.join(tempDir(), 'b.json');
    const withFormat = await run('check', '--root', EXAMPLE_ROOT, '--write-baseline', file, '--format', 'json');
    expect(withFormat.stderr).toBe(
      'surveyor: `--write-baseline` records the findings and prints no report: drop `--format` (see `surveyor check --help`)\n',
    );
    const withFiles = await run(
      'check',
      '--root',
      EXAMPLE_ROOT,
      '--write-baseline',
      file,
      path.join(EXAMPLE_ROOT, 'README.md'),
    );
    expect(withFiles.stderr).toBe(
      'surveyor: `--write-baseline` records the findings of the whole repository: drop the FILES (see `surveyor check --help`)\n',
    );
    expect([withFormat.code, withFiles.code]).toEqual([2, 2]);
  });

  it('a folder that does not exist cannot be written to: exit 2 with one line', async () => {
    const file = path.join(tempDir(), 'missing', 'b.json');
    const { code, stderr } = await run('check', '--root', EXAMPLE_ROOT, '--write-baseline', file);
    expect(stderr).toBe(
      `surveyor: cannot write baseline \`${file}\` (ENOENT): check that its folder exists and is writable\n`,
    );
    expect(code).toBe(2);
  });
});
