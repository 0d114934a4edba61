import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT, editJson } from '../support/atlas-tree.js';
import { runCli as run, tempDirs } from '../support/cli-run.js';
import { writeTree } from '../support/write-tree.js';
import { gateReportValidator, releaseTree } from './gate-fixtures.js';

const tempDir = tempDirs('surveyor-gate-cli-');
const NOW = ['--now', '2026-11-27'];
const ANSI = /\u001b\[/;

describe('surveyor gate', () => {
  let release: string;
  beforeAll(() => {
    release = tempDir();
    writeTree(release, releaseTree());
  });

  it('says ready for the example at 1.4.0 and exits 0', async () => {
    const { code, stdout, stderr } = await run(['gate', '--release', '1.4.0', '--root', EXAMPLE_ROOT, ...NOW]);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '✔ Release 1.4.0 is ready (profiles prod-ha, prod-single-zone), with warnings from identity',
    );
    expect(stdout).toMatch(
      /^✔ check {6}`surveyor check` reports nothing outside the checks below \(\d+ files, \d+ rules\)\n/,
    );
    expect(stdout).not.toMatch(ANSI);
    expect(code).toBe(0);
  });

  it('says blocked for a release the repository does not describe and exits 1', async () => {
    const { code, stdout } = await run(['gate', '--release', '1.5.0', '--root', release, ...NOW]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '✖ Release 1.5.0 is blocked by identity, scenarios (profiles prod-ha, prod-single-zone)',
    );
    expect(stdout).toContain('✖ identity   ');
    expect(stdout).toContain(
      `error  ${path.relative(process.cwd(), release)}/ops/release/evidence/identity.json:5:17  Release id \`atlas-1.4.0\` is release \`1.4.0\`, not \`1.5.0\``,
    );
    expect(code).toBe(1);
  });

  it('writes markdown for a pull request: verdict, table of checks, collapsible details, version graph', async () => {
    const { code, stdout } = await run([
      'gate',
      '--release',
      '1.4.0',
      '--root',
      release,
      '--format',
      'markdown',
      ...NOW,
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('### ✅ Release `1.4.0` is ready');
    expect(lines.slice(4, 6)).toEqual(['| Check | Status | Summary |', '| --- | --- | --- |']);
    expect(lines.slice(6, 13).map((line) => line.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| `check` | ✅ pass',
      '| `identity` | ⚠️ warn',
      '| `evidence` | ✅ pass',
      '| `scenarios` | ✅ pass',
      '| `matrix` | ✅ pass',
      '| `readiness` | ✅ pass',
      '| `docs` | ✅ pass',
    ]);
    expect(stdout.match(/^<details>$/gm)).toHaveLength(7);
    expect(stdout.match(/^<\/details>$/gm)).toHaveLength(7);
    expect(stdout).toContain('| `ops/release/evidence/identity.json` | `');
    expect(stdout).toMatch(/#### Version graph\n\n```mermaid\nflowchart LR\n/);
  });

  it('writes JSON valid against its schema to --output', async () => {
    const output = path.join(tempDir(), 'gate.json');
    const { code, stdout } = await run([
      'gate',
      '--release',
      '1.5.0',
      '--root',
      release,
      '--format',
      'json',
      '--output',
      output,
      ...NOW,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(output, 'utf8'));
    const validate = gateReportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(report)).toEqual(['verdict', 'release', 'profiles', 'checks']);
    expect(report.verdict).toBe('blocked');
  });

  it('gates the profiles --profile names, and the suites of gate.releaseSuites otherwise', async () => {
    const named = await run([
      'gate',
      '--release',
      '1.4.0',
      '--root',
      release,
      '--profile',
      'prod-ha',
      '--format',
      'json',
      ...NOW,
    ]);
    expect(JSON.parse(named.stdout).profiles).toEqual(['prod-ha']);
    const root = tempDir();
    writeTree(root, { ...releaseTree(), 'surveyor.config.json': '{ "gate": { "releaseSuites": ["k8s-suite"] } }\n' });
    const configured = await run(['gate', '--release', '1.4.0', '--root', root, '--format', 'json', ...NOW]);
    expect(JSON.parse(configured.stdout).profiles).toEqual(['ci-minimal', 'multi-tenant']);
    expect(configured.code).toBe(0);
  });

  it('colours the text only on a terminal, never with NO_COLOR or --no-color', async () => {
    const args = ['gate', '--release', '1.4.0', '--root', release, ...NOW];
    expect((await run(args, { tty: true })).stdout).toMatch(ANSI);
    expect((await run(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await run([...args, '--no-color'], { tty: true })).stdout).not.toMatch(ANSI);
  });

  describe('exits 2 with one line when the release cannot be evaluated', () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        'a version that is not X.Y.Z',
        () => ['gate', '--release', '1.4', '--root', release],
        /^surveyor: --release expects a version as X\.Y\.Z, got `1\.4` \(see `surveyor gate --help`\)\n$/,
      ],
      [
        'no --release',
        () => ['gate', '--root', release],
        /^surveyor: `gate` needs the release to evaluate: `surveyor gate --release X\.Y\.Z` \(see `surveyor gate --help`\)\n$/,
      ],
      [
        'a root that does not exist',
        () => ['gate', '--release', '1.4.0', '--root', path.join(release, 'nowhere')],
        /^surveyor: root `.*nowhere` does not exist \(see `surveyor gate --help`\)\n$/,
      ],
      [
        'a root without an install matrix',
        () => ['gate', '--release', '1.4.0', '--root', tempDir()],
        /^surveyor: no install matrix at `ops\/k8s\/install-matrix\.json` under the root: the gate evaluates an Atlas repository\n$/,
      ],
      [
        'a profile the matrix does not have',
        () => ['gate', '--release', '1.4.0', '--root', release, '--profile', 'prod-hq'],
        /^surveyor: profile `prod-hq` is not in the install matrix, did you mean `prod-ha`\?\n$/,
      ],
      [
        'an unknown format',
        () => ['gate', '--release', '1.4.0', '--root', release, '--format', 'sarif'],
        /^surveyor: unknown format `sarif`, expected one of text, markdown, json \(see `surveyor gate --help`\)\n$/,
      ],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const { code, stdout, stderr } = await run(args());
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    });

    it('an install matrix that is not a matrix', async () => {
      const root = tempDir();
      writeTree(
        root,
        editJson(releaseTree(), 'ops/k8s/install-matrix.json', (matrix) => (matrix.profiles = 'prod-ha')),
      );
      const { code, stderr } = await run(['gate', '--release', '1.4.0', '--root', root]);
      expect(stderr).toBe(
        'surveyor: no install matrix at `ops/k8s/install-matrix.json` under the root: the gate evaluates an Atlas repository\n',
      );
      expect(code).toBe(2);
    });
  });

  it('is listed by --help and has its own help', async () => {
    expect((await run(['--help'])).stdout).toMatch(/^ {2}gate +the release readiness verdict/m);
    const { stdout, code } = await run(['gate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: surveyor gate --release X.Y.Z [options]');
    expect(stdout).toContain('--profile P');
    expect(stdout).not.toContain('--write-baseline');
  });

  it('accepts a release with a leading v, as tags name it', async () => {
    const { code, stdout } = await run([
      'gate',
      '--release',
      'v1.4.0',
      '--root',
      EXAMPLE_ROOT,
      ...NOW,
      '--format',
      'json',
    ]);
    expect(JSON.parse(stdout).release).toBe('1.4.0');
    expect(code).toBe(0);
  });

  it('runs the release-aware rules in `check` too, for --release or else the chart version', async () => {
    const chart = await run(['check', '--root', release, '--format', 'json', ...NOW]);
    expect(JSON.parse(chart.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual(
      [],
    );
    const next = await run(['check', '--root', release, '--format', 'json', '--release', '1.5.0', ...NOW]);
    expect(next.code).toBe(1);
    const found = JSON.parse(next.stdout).diagnostics.map((d: { ruleId: string; messageId: string }) => [
      d.ruleId,
      d.messageId,
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['identity/release', 'releaseId'],
        ['identity/release', 'chartVersion'],
        ['scenario/current-version', 'mismatch'],
        ['scenario/release-paths', 'missing'],
      ]),
    );
    const bad = await run(['check', '--root', release, '--release', 'next']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'surveyor: --release expects a version as X.Y.Z, got `next` (see `surveyor check --help`)\n',
    ]);
  });
});
