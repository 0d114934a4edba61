import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskSource } from '../../src/workspace/file-source.js';
import { commitHistory } from '../../src/workspace/git-history.js';
import { runCli, tempDirs } from '../support/cli-run.js';

const tempDir = tempDirs('surveyor-git-');

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** What `run` returned, and the git command lines it started (through a `git` first on the PATH that logs them). */
function gitCommands<T>(run: () => T): { value: T; commands: string[] } {
  const dir = tempDir();
  const log = path.join(dir, 'git.log');
  writeFileSync(log, '');
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(path.join(dir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`, {
    mode: 0o755,
  });
  const saved = process.env.PATH;
  process.env.PATH = `${dir}${path.delimiter}${saved ?? ''}`;
  try {
    const value = run();
    return { value, commands: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    process.env.PATH = saved;
  }
}

/**
 * A checkout whose `.git/config` names a program for every hook git offers a local
 * command: fsmonitor, hooks, pager, filter and diff drivers, external diff, signatures.
 * Each program leaves a marker file in `markers/` when it runs.
 */
function hostileCheckout(): { root: string; markers: string; head: string } {
  const dir = tempDir();
  const root = path.join(dir, 'repo');
  const markers = path.join(dir, 'markers');
  mkdirSync(root);
  mkdirSync(markers);
  const program = (name: string) => {
    const file = path.join(dir, `${name}.sh`);
    writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, name)}'\ncat >/dev/null 2>&1\nexit 0\n`);
    chmodSync(file, 0o755);
    return file;
  };
  writeFileSync(path.join(root, 'README.md'), '# Hostile\n');
  writeFileSync(path.join(root, 'notes.txt'), 'one\n');
  writeFileSync(path.join(root, '.gitattributes'), '*.txt filter=evil diff=evil\n');
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'start');
  const hooks = path.join(dir, 'hooks');
  mkdirSync(hooks);
  for (const hook of ['post-index-change', 'reference-transaction', 'post-checkout'])
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch '${path.join(markers, hook)}'\n`, { mode: 0o755 });
  const settings: [string, string][] = [
    ['core.fsmonitor', program('fsmonitor')],
    ['core.hooksPath', hooks],
    ['core.pager', program('pager')],
    ['filter.evil.clean', program('clean')],
    ['filter.evil.smudge', program('smudge')],
    ['filter.evil.process', program('process')],
    ['diff.evil.textconv', program('textconv')],
    ['diff.evil.command', program('diff-command')],
    ['diff.external', program('external-diff')],
    ['log.showSignature', 'true'],
    ['gpg.program', program('gpg')],
  ];
  for (const [key, value] of settings) git(root, 'config', key, value);
  // A worktree edit whose timestamp differs from the index, so git must read (and filter) the file.
  writeFileSync(path.join(root, 'notes.txt'), 'two\n');
  const old = new Date('2001-01-01T00:00:00Z');
  utimesSync(path.join(root, 'notes.txt'), old, old);
  return { root, markers, head: git(root, 'rev-parse', 'HEAD') };
}

describe('git runs none of the programs a repository configures (issue 14, case 10)', () => {
  it('listing files runs no fsmonitor, hook or filter', () => {
    const { root, markers } = hostileCheckout();
    expect(new DiskSource(root).list().map((e) => e.path)).toEqual(['.gitattributes', 'README.md', 'notes.txt']);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('the gate history (rev-parse, diff against the worktree) runs no fsmonitor, filter or diff driver', () => {
    const { root, markers, head } = hostileCheckout();
    const history = commitHistory(root, head);
    expect(history).toMatchObject({ kind: 'ancestor', changed: ['notes.txt'] });
    expect(readdirSync(markers)).toEqual([]);
  });

  it('the gate history starts git once for a commit HEAD does not descend from, and reads the config only to diff', () => {
    const { root, markers, head } = hostileCheckout();
    const unknown = gitCommands(() => commitHistory(root, 'deadbeef'.repeat(5)));
    expect(unknown.value).toMatchObject({ kind: 'unknown' });
    expect(unknown.commands).toEqual([expect.stringMatching(/ rev-parse --show-toplevel --is-shallow-repository /)]);
    const ancestor = gitCommands(() => commitHistory(root, head));
    expect(ancestor.value).toMatchObject({ kind: 'ancestor', changed: ['notes.txt'] });
    expect(ancestor.commands).toEqual([
      expect.stringMatching(/ rev-parse /),
      expect.stringMatching(/^config -z --name-only --get-regexp /),
      expect.stringMatching(/ diff --no-ext-diff --no-textconv --name-only /),
    ]);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('surveyor check on the checkout runs none of them', async () => {
    const { root, markers } = hostileCheckout();
    const run = await runCli(['check', '--root', root]);
    expect(run.code).toBe(0);
    expect(readdirSync(markers)).toEqual([]);
    expect(existsSync(path.join(markers, 'fsmonitor'))).toBe(false);
  });

  it('surveyor check --staged (index, HEAD, staged blobs read through git) runs none of them', async () => {
    const { root, markers } = hostileCheckout();
    // Staged one way, changed again in the working tree: the staged blob can only come from git.
    writeFileSync(path.join(root, 'settings.json'), '{ "retries": 1 }\n');
    git(root, 'add', 'settings.json');
    writeFileSync(path.join(root, 'settings.json'), '{ "retries": 2,, }\n');
    // Staging ran the hostile programs (plain git does); only what surveyor runs is counted.
    for (const marker of readdirSync(markers)) rmSync(path.join(markers, marker));
    const run = await runCli(['check', '--staged', '--format', 'json', '--root', root]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).changes.changed).toEqual(['settings.json']);
    expect(readdirSync(markers)).toEqual([]);
  });
});
