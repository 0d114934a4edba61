import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HOOK_MARKER } from '../../src/hooks/pre-commit-hook.js';
import { BUILT_CLI, runCli, tempDirs, warmCache } from '../support/cli-run.js';
import { type GitRepo, gitRepos, NO_AUTO_MAINTENANCE } from '../support/git-repo.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(packageRoot, 'examples/atlas');
const tempDir = tempDirs('surveyor-hooks-');
const MATRIX = 'ops/k8s/install-matrix.json';
const exampleRepo = gitRepos(example, tempDir);

/**
 * A checkout of the example whose `node_modules/.bin/surveyor` is this package's built CLI, with
 * the result cache a checkout that has been checked before keeps: the hook's processes judge what
 * is staged without starting cold.
 */
async function installedRepo(): Promise<GitRepo> {
  const repo = exampleRepo();
  const bin = path.join(repo.root, 'node_modules/.bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'surveyor'),
    `#!/bin/sh\nexec "${process.execPath}" "${BUILT_CLI}" "$@" --now 2026-11-27\n`,
  );
  chmodSync(path.join(bin, 'surveyor'), 0o755);
  writeFileSync(path.join(repo.root, '.gitignore'), 'node_modules/\n');
  repo.git('add', '.gitignore');
  repo.git('commit', '-q', '-m', 'ignore node_modules');
  await warmCache(repo.root);
  return repo;
}

/** Stages a matrix with a stray comma. */
function stageBrokenMatrix(repo: GitRepo): void {
  repo.edit(MATRIX, '"schema_version": 1,', '"schema_version": 1,,');
  repo.git('add', MATRIX);
}

function commit(repo: GitRepo): number | null {
  return spawnSync('git', ['commit', '-q', '-m', 'change'], {
    cwd: repo.root,
    env: {
      ...process.env,
      ...NO_AUTO_MAINTENANCE,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  }).status;
}

describe('surveyor init --hook', () => {
  it('writes an executable pre-commit hook that blocks a broken commit and lets a clean one through', async () => {
    const repo = await installedRepo();
    const written = await runCli(['init', '--hook', '--root', repo.root]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/Wrote .*\.git\/hooks\/pre-commit: each commit runs `surveyor check --staged`/);
    const hook = path.join(repo.root, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    stageBrokenMatrix(repo);
    expect(commit(repo)).not.toBe(0);
    repo.edit(MATRIX, '"schema_version": 1,,', '"schema_version": 1,');
    repo.edit('ops/k8s/values/perf.yaml', 'replicaCount: 4', 'replicaCount: 4 # fixed');
    repo.git('add', '-A');
    expect(commit(repo)).toBe(0);
    expect(await runCli(['init', '--hook', '--root', repo.root])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/already runs/),
    });
  });

  it("never overwrites someone else's hook", async () => {
    const repo = exampleRepo();
    const hook = path.join(repo.root, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\nmake lint\n');
    const refused = await runCli(['init', '--hook', '--root', repo.root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists and is not surveyor's: add `surveyor check --staged` to it/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nmake lint\n');
  });

  it('refuses a hook that is a FIFO in one line, exit 2, without waiting on it or replacing it', async () => {
    const repo = exampleRepo();
    const hook = path.join(repo.root, '.git/hooks/pre-commit');
    mkdirSync(path.dirname(hook), { recursive: true });
    expect(spawnSync('mkfifo', [hook]).status).toBe(0);
    const refused = await runCli(['init', '--hook', '--root', repo.root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/`\.git\/hooks\/pre-commit` cannot be replaced \(it is a FIFO.*\): remove it/);
    expect(statSync(hook).isFIFO()).toBe(true);
  });

  it('writes where git looks for hooks (core.hooksPath)', async () => {
    const repo = exampleRepo();
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    expect((await runCli(['init', '--hook', '--root', repo.root])).code).toBe(0);
    expect(readFileSync(path.join(repo.root, 'tools/hooks/pre-commit'), 'utf8')).toContain(HOOK_MARKER);
  });
});

describe('the pre-commit framework hook', () => {
  const hooks = parse(readFileSync(path.join(packageRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<
    string,
    unknown
  >[];

  it('runs staged mode once per commit, with no file names', () => {
    expect(hooks).toEqual([
      expect.objectContaining({
        id: 'surveyor',
        entry: 'surveyor check --staged',
        language: 'node',
        pass_filenames: false,
        require_serial: true,
      }),
    ]);
  });

  it('entry blocks a staged break and passes when nothing is staged', async () => {
    const repo = exampleRepo();
    const args = String(hooks[0]!.entry).split(' ').slice(1);
    expect((await runCli([...args, '--now', '2026-11-27'], { cwd: repo.root })).code).toBe(0);
    stageBrokenMatrix(repo);
    expect((await runCli([...args, '--now', '2026-11-27'], { cwd: repo.root })).code).toBe(1);
  });
});

describe('the lint-staged recipe of docs/cli.md', () => {
  it('runs `surveyor check --staged` once, without the file names', async () => {
    const docs = readFileSync(path.join(packageRoot, 'docs/cli.md'), 'utf8');
    const block = /In\s+`lint-staged\.config\.js`:\n\n\s*```js\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(block).toBeDefined();
    const file = path.join(tempDir(), 'lint-staged.config.mjs');
    writeFileSync(file, block!.replace(/^ {2}/gm, ''));
    const config = (await import(pathToFileURL(file).href)).default as Record<string, (files: string[]) => string>;
    const command = config['*']!([path.join('/repo', MATRIX)]);
    expect(command).toBe('surveyor check --staged');
    const repo = exampleRepo();
    stageBrokenMatrix(repo);
    expect((await runCli([...command.split(' ').slice(1), '--now', '2026-11-27'], { cwd: repo.root })).code).toBe(1);
  });
});
