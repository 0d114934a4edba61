import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/diagnostic.js';
import { runCli, tempDirs } from '../support/cli-run.js';
import { type GitRepo, gitRepos } from '../support/git-repo.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(packageRoot, 'examples/atlas');
const tempDir = tempDirs('surveyor-staged-');
/** The example's docs were last reviewed in November 2026. */
const TODAY = ['--now', '2026-11-27'];
const MATRIX = 'ops/k8s/install-matrix.json';

const exampleRepo = gitRepos(example, tempDir);

async function staged(repo: GitRepo, ...extra: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const { code, stdout, stderr } = await runCli([
    'check',
    '--staged',
    ...TODAY,
    '--root',
    repo.root,
    '--format',
    'json',
    ...extra,
  ]);
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

const where = (report: Report) => report.diagnostics.map((d) => `${d.ruleId} ${d.file}`);

describe('surveyor check --staged', () => {
  it('judges the staged content, not the working tree', async () => {
    const repo = exampleRepo();
    const clean = repo.read(MATRIX);
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
    repo.git('add', MATRIX);
    repo.write(MATRIX, clean); // fixed in the working tree, not staged: the commit would still hold the comma
    const { code, report } = await staged(repo);
    expect(where(report)).toContain(`json/syntax ${MATRIX}`);
    expect(report.changes).toEqual({ against: 'HEAD', staged: true, changed: [MATRIX], existing: 0 });
    expect(code).toBe(1);
  });

  it('is not blocked by a broken file that is not staged', async () => {
    const repo = exampleRepo();
    repo.edit('ops/k8s/values/perf.yaml', 'replicaCount: 4', 'replicaCount: 4 # fixed count');
    repo.git('add', 'ops/k8s/values/perf.yaml');
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
    const { code, report } = await staged(repo);
    expect(report.diagnostics).toEqual([]);
    expect(code).toBe(0);
  });

  it('with nothing staged checks nothing, even in a repository with findings, and says so in one line', async () => {
    const repo = exampleRepo();
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
    repo.git('commit', '-q', '-a', '-m', 'broken matrix');
    const text = await runCli(['check', '--staged', ...TODAY, '--root', repo.root]);
    expect(text).toEqual({ code: 0, stdout: '✔ Nothing staged: nothing to check\n', stderr: '' });
    repo.git('commit', '-q', '--amend', '-m', 'reworded');
    expect((await staged(repo)).code).toBe(0);
  });

  it('is not blocked by existing findings that name a staged file as a related location', async () => {
    const repo = exampleRepo();
    // HEAD already has stale evidence for the matrix: reported in the manifest, naming the matrix.
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,\n');
    repo.git('commit', '-q', '-a', '-m', 'matrix edited without collecting evidence');
    repo.edit(MATRIX, '"schema_version": 1,\n', '"schema_version":   1,\n');
    repo.git('add', MATRIX);
    const { code, report } = await staged(repo);
    expect(report.diagnostics).toEqual([]);
    expect(report.changes?.existing).toBeGreaterThan(0);
    expect(code).toBe(0);
    const text = await runCli(['check', '--staged', ...TODAY, '--root', repo.root]);
    expect(text.stdout).toMatch(/(was|were) already at HEAD: not this change's, not shown, not failing\n✔ No problems/);
  });

  it('is blocked by a schema edit that breaks an instance elsewhere', async () => {
    const repo = exampleRepo();
    const schema = 'ops/schema/k8s/install-matrix.schema.json';
    repo.edit(
      schema,
      '"suite": { "$ref": "../common/defs.schema.json#/definitions/suite" }',
      '"suite": { "const": "install-gate" }',
    );
    repo.git('add', schema);
    const { code, report } = await staged(repo);
    expect(where(report)).toContain(`schema/valid ${MATRIX}`);
    expect(code).toBe(1);
  });

  it('is blocked by a values edit that breaks the rollout contract', async () => {
    const repo = exampleRepo();
    repo.edit('ops/k8s/values/prod-ha.yaml', 'logFormat: json', 'logFormat: text');
    repo.git('add', 'ops/k8s/values/prod-ha.yaml');
    const { code, report } = await staged(repo);
    expect(where(report)).toContain('rollout/values-conform ops/k8s/values/prod-ha.yaml');
    expect(code).toBe(1);
  });

  it('is blocked when a deleted scenario is still named by a docs page', async () => {
    const repo = exampleRepo();
    repo.git('rm', '-q', 'ops/e2e/scenarios/upgrade/upgrade-patch.json');
    const { code, report } = await staged(repo);
    expect(where(report)).toContain('docs/source-of-truth docs/operations/upgrades-and-rollback.md');
    expect(report.changes?.changed).toEqual(['ops/e2e/scenarios/upgrade/upgrade-patch.json']);
    expect(code).toBe(1);
  });

  it('is blocked when a deleted schema leaves its instances without one', async () => {
    const repo = exampleRepo();
    repo.git('rm', '-q', 'ops/schema/e2e/upgrade-fixture.schema.json');
    const { code, report } = await staged(repo);
    expect(report.diagnostics.length).toBeGreaterThan(0);
    expect(report.diagnostics.every((d) => d.file !== 'ops/schema/e2e/upgrade-fixture.schema.json')).toBe(true);
    expect(code).toBe(1);
  });

  it('follows a renamed values file: blocked until the matrix names the new path', async () => {
    const repo = exampleRepo();
    repo.git('mv', 'ops/k8s/values/perf.yaml', 'ops/k8s/values/perf-nightly.yaml');
    const renamed = await staged(repo);
    expect(where(renamed.report)).toContain(`matrix/values-file ${MATRIX}`);
    expect(renamed.report.changes?.changed).toEqual(['ops/k8s/values/perf-nightly.yaml', 'ops/k8s/values/perf.yaml']);
    expect(renamed.code).toBe(1);
    repo.edit(MATRIX, 'ops/k8s/values/perf.yaml', 'ops/k8s/values/perf-nightly.yaml');
    repo.edit('ops/k8s/rollout-safety-contract.json', 'ops/k8s/values/perf.yaml', 'ops/k8s/values/perf-nightly.yaml');
    repo.git('add', '-A');
    const followed = await staged(repo);
    expect(where(followed.report).filter((w) => w.startsWith('matrix/values-file'))).toEqual([]);
  });

  it('before the first commit, judges every staged file', async () => {
    const repo = exampleRepo({ commit: false });
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
    repo.git('add', MATRIX);
    const { code, report } = await staged(repo);
    expect(where(report)).toContain(`json/syntax ${MATRIX}`);
    expect(report.changes?.changed.length).toBeGreaterThan(50);
    expect(code).toBe(1);
  });

  it('outside a git checkout is a usage error', async () => {
    const outside = await runCli(['check', '--staged', '--root', tempDir()]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/`--staged` compares with git's history, but `.*` is not inside a git checkout/);
  });
});

describe('surveyor check --changed-since', () => {
  it('judges the working tree against a commit, blocked only by what changed', async () => {
    const repo = exampleRepo();
    const nothing = await runCli(['check', '--changed-since', 'HEAD', ...TODAY, '--root', repo.root]);
    expect(nothing).toEqual({ code: 0, stdout: '✔ Nothing changed since HEAD: nothing to check\n', stderr: '' });
    repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
    const { code, stdout } = await runCli([
      'check',
      '--changed-since',
      'HEAD',
      ...TODAY,
      '--root',
      repo.root,
      '--format',
      'json',
    ]);
    const report = JSON.parse(stdout) as Report;
    expect(where(report)).toContain(`json/syntax ${MATRIX}`);
    expect(report.changes).toMatchObject({ against: 'HEAD', staged: false, changed: [MATRIX] });
    expect(code).toBe(1);
  });

  it('names a REF that is no commit in one line, exit 2', async () => {
    const repo = exampleRepo();
    const { code, stderr } = await runCli(['check', '--changed-since', 'no-such-branch', '--root', repo.root]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/`--changed-since no-such-branch` names no commit/);
  });
});

describe('surveyor check FILES', () => {
  it('expands folders and globs, and finds the root from a subfolder', async () => {
    const repo = exampleRepo();
    const docs = path.join(repo.root, 'docs');
    const folder = await runCli(['check', ...TODAY, '--format', 'json', 'operations'], { cwd: docs });
    const glob = await runCli(['check', ...TODAY, '--format', 'json', 'operations/**/*.md'], { cwd: docs });
    const byFolder = JSON.parse(folder.stdout) as Report;
    expect(byFolder.root).toBe('..');
    expect(byFolder.summary.files).toBe(5);
    expect((JSON.parse(glob.stdout) as Report).summary.files).toBe(5);
    expect(folder.code).toBe(0);
  });

  it('stops with exit 2 when a path or glob matches no file', async () => {
    const repo = exampleRepo();
    for (const arg of ['missing.json', 'docs/**/*.txt', 'nowhere/']) {
      const { code, stderr } = await runCli(['check', '--root', repo.root, path.join(repo.root, arg)]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/matches no file of the repository/);
    }
  });

  it('reads `-` from standard input as the file --stdin-filename names', async () => {
    const repo = exampleRepo();
    const run = await runCli(['check', ...TODAY, '--format', 'json', '-', '--stdin-filename', MATRIX], {
      cwd: repo.root,
      stdin: '{ "x": 2,, }',
    });
    expect(where(JSON.parse(run.stdout) as Report)).toContain(`json/syntax ${MATRIX}`);
    expect(run.code).toBe(1);
    const unnamed = await runCli(['check', '-'], { cwd: repo.root, stdin: '{}' });
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/`-` needs `--stdin-filename PATH`/);
  });
});
