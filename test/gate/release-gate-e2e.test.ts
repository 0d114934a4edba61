import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/gate/gate-report.js';
import { type CliRun, runCli, tempDirs } from '../support/cli-run.js';
import { writeTree } from '../support/write-tree.js';
import { git, releaseTree } from './gate-fixtures.js';

/**
 * The release gate end to end, as a release engineer runs it: the CLI over temporary git
 * repositories, one test per defect of issue 12 (a baseline waiving release blockers, a
 * `ready` that could not be reached, shallow clones, fingerprints that aged by the day).
 */
const tempDir = tempDirs('surveyor-release-e2e-');
const IDENTITY = 'ops/release/evidence/identity.json';
const MANIFEST = 'ops/release/evidence/manifest.json';
const TODAY = '2026-11-27';

/** A README whose generated region embeds the identity commit, as the `evidence-coverage` page does. */
const README = '# Atlas\n\n<!-- surveyor:begin evidence-coverage -->\n<!-- surveyor:end evidence-coverage -->\n';

function edit(root: string, file: string, change: (text: string) => string): void {
  const target = path.join(root, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
}

async function gateJson(root: string, ...extra: string[]): Promise<{ code: number; report: GateReport }> {
  const run = await runCli([
    'gate',
    '--release',
    '1.4.0',
    '--root',
    root,
    '--format',
    'json',
    '--now',
    TODAY,
    ...extra,
  ]);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as GateReport };
}

const check = (report: GateReport, id: string) => report.checks.find((c) => c.id === id)!;
const messages = (report: GateReport, id: string) => check(report, id).diagnostics.map((d) => d.message);

/**
 * The documented release sequence in a fresh repository: commit C, collect the evidence at
 * C and record C in `identity.json`, regenerate the docs, commit. Returns the root, C and
 * what the regeneration returned.
 */
async function releaseSequence(): Promise<{ root: string; collected: string; generated: CliRun }> {
  const root = tempDir();
  writeTree(root, { ...releaseTree(), 'README.md': README, 'src/server.ts': 'export const port = 8080;\n' });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'atlas 1.4.0');
  const collected = git(root, 'rev-parse', 'HEAD');
  edit(root, IDENTITY, (text) => text.replace(/"git_sha": "[0-9a-f]+"/, `"git_sha": "${collected}"`));
  const generated = await runCli(['generate', '--root', root]);
  git(root, 'commit', '-q', '-am', 'record the evidence of 1.4.0 and regenerate the docs');
  return { root, collected, generated };
}

let released: ReturnType<typeof releaseSequence> | undefined;

/**
 * A repository released by the documented sequence: a copy, `.git` included, of the one
 * `releaseSequence` made for this file (its commits have fixed authors and dates, so a new
 * sequence would make the same commits).
 */
async function releasedRepository(): Promise<{ root: string; collected: string }> {
  released ??= releaseSequence();
  const { root: made, collected, generated } = await released;
  expect(generated.code, generated.stderr).toBe(0);
  const root = tempDir();
  cpSync(made, root, { recursive: true });
  expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`at ${collected.slice(0, 12)}`);
  return { root, collected };
}

describe('the release gate in a git repository', () => {
  it('reaches ready through the documented sequence, with a generated region embedding the identity', async () => {
    const { root, collected } = await releasedRepository();
    const { code, report } = await gateJson(root);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.summary])).toEqual([]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('ready');
    expect(check(report, 'identity').summary).toContain(
      `commit \`${collected.slice(0, 12)}\` is an ancestor of HEAD \`${git(root, 'rev-parse', 'HEAD').slice(0, 12)}\` with no change to the release since`,
    );
    expect(check(report, 'docs').evidence.map((e) => [e.file, e.detail])).toEqual([
      ['README.md', '1 generated region, current'],
    ]);

    // Docs are not the release: a later edit of a page keeps it ready.
    edit(root, 'README.md', (text) => `${text}\nHow to install Atlas.\n`);
    git(root, 'commit', '-q', '-am', 'docs: how to install');
    expect((await gateJson(root)).report.verdict).toBe('ready');
  });

  it('blocks when the values, a contract or the source changed after the evidence was collected', async () => {
    const { root, collected } = await releasedRepository();
    edit(root, 'ops/k8s/values/perf.yaml', (text) => `${text}# tuned after collection\n`);
    edit(root, 'src/server.ts', () => 'export const port = 9090;\n');
    git(root, 'commit', '-q', '-am', 'tune perf and move the port');
    edit(root, 'ops/e2e/scenarios/upgrade/upgrade-minor.json', (text) =>
      text.replace('"schema_version"', ' "schema_version"'),
    );
    const { code, report } = await gateJson(root);
    expect(code).toBe(1);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['identity']);
    expect(check(report, 'identity').diagnostics.map((d) => [d.ruleId, d.messageId, d.message])).toEqual([
      [
        'identity/commit',
        'changed',
        `3 files changed after the evidence was collected at \`${collected}\` (\`ops/e2e/scenarios/upgrade/upgrade-minor.json\`, \`ops/k8s/values/perf.yaml\` and \`src/server.ts\`): collect the evidence again at HEAD`,
      ],
    ]);
  });

  it('works on a detached HEAD checked out at the release tag, and with `git_sha` naming a tag', async () => {
    const { root, collected } = await releasedRepository();
    git(root, 'tag', 'v1.4.0');
    git(root, 'checkout', '-q', 'v1.4.0');
    expect(git(root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    const detached = await gateJson(root);
    expect(detached.report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.summary])).toEqual([]);
    expect(detached.code).toBe(0);

    // The example's identity schema wants a full commit id (a `check` finding); the identity check takes the tag.
    git(root, 'tag', 'atlas-1.4.0-collected', collected);
    edit(root, IDENTITY, (text) => text.replace(/"git_sha": "[0-9a-f]+"/, '"git_sha": "atlas-1.4.0-collected"'));
    const tagged = await gateJson(root);
    expect(check(tagged.report, 'identity')).toMatchObject({ status: 'pass', diagnostics: [] });
    expect(check(tagged.report, 'identity').summary).toContain(
      `commit \`${collected.slice(0, 12)}\` is an ancestor of HEAD`,
    );
  });

  it('says a shallow clone lacks the history instead of calling the commit absent, and is ready once unshallowed', async () => {
    const { root: origin, collected } = await releasedRepository();
    const clone = path.join(tempDir(), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    const shallow = await gateJson(clone);
    expect(shallow.code).toBe(1);
    expect(check(shallow.report, 'identity').diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['identity/commit', 'shallow'],
    ]);
    expect(messages(shallow.report, 'identity')[0]).toBe(
      `Commit \`${collected}\` cannot be found in this shallow clone, whose history is cut short: fetch the whole history (\`git fetch --unshallow\`, or \`fetch-depth: 0\` for \`actions/checkout\`) and run again`,
    );
    git(clone, 'fetch', '-q', '--unshallow');
    expect((await gateJson(clone)).report.verdict).toBe('ready');
  });

  it('never lets a check baseline waive a release blocker, and says so', async () => {
    const { root } = await releasedRepository();
    // The evidence is stale: its recorded digest of the install matrix no longer matches.
    edit(root, MANIFEST, (text) =>
      text.replace('e90d20ad78f4eec49c2325298dd3f618fa1a023e81d891d16da40c6cccfa8c1f', '0'.repeat(64)),
    );
    git(root, 'commit', '-q', '-am', 'a stale digest');
    const baselineFile = path.join(tempDir(), 'surveyor-baseline.json');
    const recorded = await runCli(['check', '--root', root, '--now', TODAY, '--write-baseline', baselineFile]);
    expect(recorded.stdout).toBe(`✔ Baseline ${baselineFile} records 1 finding\n`);

    const { code, report } = await gateJson(root, '--baseline', baselineFile);
    expect(code).toBe(1);
    // The check above rewrote its cache under node_modules, which this repository tracks: not a change to the release.
    expect(check(report, 'identity')).toMatchObject({ status: 'pass' });
    expect(check(report, 'evidence')).toMatchObject({ status: 'fail' });
    expect(check(report, 'evidence').summary).toMatch(/^The evidence for `ops\/k8s\/install-matrix\.json` is stale/);
    expect(check(report, 'evidence').diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['evidence/sha256', 'stale'],
    ]);
    expect(report.baseline).toEqual({
      file: baselineFile,
      known: 0,
      fixed: [],
      ignoredFor: ['identity', 'evidence', 'scenarios', 'matrix', 'readiness'],
      ignored: 1,
    });
    const markdown = await runCli([
      'gate',
      '--release',
      '1.4.0',
      '--root',
      root,
      '--format',
      'markdown',
      '--now',
      TODAY,
      '--baseline',
      baselineFile,
    ]);
    expect(markdown.stdout).toContain(
      'The baseline was ignored for `identity`, `evidence`, `scenarios`, `matrix`, `readiness`, which decide readiness and are never waived by a baseline: 1 finding it records counts all the same.',
    );
  });
});

describe('fingerprints', () => {
  it('do not age: a baseline written today matches exactly a year later', async () => {
    const root = tempDir();
    writeTree(root, {
      ...releaseTree(),
      'docs/index.md': '---\ntitle: Atlas\nlast_reviewed: 2025-01-10\n---\n\n# Atlas\n',
      'docs/upgrades.md': '---\ntitle: Upgrades\nlast_reviewed: 2025-03-02\n---\n\n# Upgrades\n',
    });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'atlas');
    const baselineFile = path.join(tempDir(), 'baseline.json');
    await runCli(['check', '--root', root, '--now', '2026-11-27', '--write-baseline', baselineFile]);
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as { findings: { ruleId: string }[] };
    expect(baseline.findings.filter((f) => f.ruleId === 'docs/stale-review')).toHaveLength(2);

    const later = await runCli([
      'check',
      '--root',
      root,
      '--now',
      '2027-11-27',
      '--baseline',
      baselineFile,
      '--format',
      'json',
    ]);
    const report = JSON.parse(later.stdout) as {
      diagnostics: unknown[];
      baseline: { known: number; fixed: unknown[] };
    };
    expect(report.diagnostics).toEqual([]);
    expect(report.baseline.fixed).toEqual([]);
    expect(report.baseline.known).toBe(baseline.findings.length);
  });
});
