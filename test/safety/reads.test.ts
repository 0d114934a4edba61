import { execFileSync, spawnSync } from 'node:child_process';
import { type Dirent, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { DiskSource } from '../../src/workspace/file-source.js';
import { MAX_READ_BYTES, Workspace } from '../../src/workspace/workspace.js';
import { copyExample, exampleTree, type Tree, textOf } from '../support/atlas-tree.js';
import { checkTree, findings } from '../support/check-tree.js';
import { BUILT_CLI, runCli, tempDirs, warmCopies } from '../support/cli-run.js';

const tempDir = tempDirs('surveyor-reads-');

/** Runs the built CLI in a child process, killed after `timeout` ms, so a hang fails the test instead of stalling it. */
function cli(args: string[], cwd: string, timeout = 60_000) {
  const run = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { PATH: process.env.PATH },
  });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** A small repository with one JSON file, in a fresh folder that also has a sibling `outside/`. */
function smallRepo(files: Record<string, string> = { 'ops/a.json': '{ "a": 1 }\n' }): {
  root: string;
  outside: string;
} {
  const dir = tempDir();
  const root = path.join(dir, 'repo');
  const outside = path.join(dir, 'outside');
  mkdirSync(outside);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  mkdirSync(root, { recursive: true });
  return { root, outside };
}

/**
 * A copy of the example on disk (not a git checkout, so the walk lists it), with the result cache
 * of a checkout checked before: a process started on it recalls what no edit of the test touched
 * (Mermaid's verdicts, page outlines, schema problems) instead of starting cold.
 */
const exampleCopy = warmCopies(tempDir, () => {
  const root = path.join(tempDir(), 'repo');
  copyExample(root);
  return { root };
});

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

const diagnosticsOf = (stdout: string) =>
  (JSON.parse(stdout) as { diagnostics: { ruleId: string; file: string; messageId?: string; message: string }[] })
    .diagnostics;

describe('the config file is read only as a regular file inside the root (issue 14, case 6)', () => {
  it('a FIFO named surveyor.config.json stops the run with a clear error instead of hanging it', () => {
    const { root } = smallRepo();
    mkfifo(path.join(root, 'surveyor.config.json'));
    for (const command of [['check'], ['generate', '--check'], ['gate', '--release', '1.0.0'], ['render']]) {
      const run = cli([...command, '--root', root], root);
      expect(run.signal, `${command[0]} hung`).toBeNull();
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'cannot read config `surveyor.config.json`: it is a FIFO (named pipe), not a regular file',
      );
    }
  });

  // Links cannot block a read: these run in this process; FIFOs get a process of their own, killed if it hangs.
  it('a config that is a link to a file outside the root is not applied, and its content is never shown', async () => {
    const { root, outside } = smallRepo({ 'ops/a.json': '{ "a": 1 ' });
    // Applied, this config would turn json/syntax off and the run would pass.
    writeFileSync(path.join(outside, 'config.json'), '{ "rules": { "json/syntax": "off" } }\n');
    symlinkSync(path.join(outside, 'config.json'), path.join(root, 'surveyor.config.json'));
    const run = await runCli(['check', '--root', root], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'cannot read config `surveyor.config.json`: it is a link that leads outside the repository',
    );
    expect(run.stderr).not.toContain('json/syntax');
  });

  it('a config that is a link to /etc/passwd leaks nothing of it', async () => {
    const { root } = smallRepo();
    symlinkSync('/etc/passwd', path.join(root, 'surveyor.config.json'));
    const firstWord = readFileSync('/etc/passwd', 'utf8').split(/[:\n]/)[0]!;
    const run = await runCli(['check', '--root', root], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is a link that leads outside the repository');
    expect(run.stderr).not.toContain(firstWord);
    expect(run.stdout).not.toContain(firstWord);
  });

  it('a config that is a link inside the root is followed and applied', async () => {
    const { root } = smallRepo({
      'ops/a.json': '{ "a": 1 ',
      'config/surveyor.json': '{ "rules": { "json/syntax": "off" } }\n',
    });
    symlinkSync('config/surveyor.json', path.join(root, 'surveyor.config.json'));
    const run = await runCli(['check', '--root', root, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(diagnosticsOf(run.stdout).map((d) => d.ruleId)).not.toContain('json/syntax');
  });

  it('--config may name a file outside the root, but only a regular file', async () => {
    const { root, outside } = smallRepo({ 'ops/a.json': '{ "a": 1 ' });
    writeFileSync(path.join(outside, 'config.json'), '{ "rules": { "json/syntax": "off" } }\n');
    const applied = await runCli(['check', '--root', root, '--config', path.join(outside, 'config.json')]);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    mkfifo(path.join(outside, 'pipe.json'));
    const fifo = cli(['check', '--root', root, '--config', path.join(outside, 'pipe.json')], root);
    expect(fifo.signal).toBeNull();
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('it is a FIFO (named pipe), not a regular file');
    const device = await runCli(['check', '--root', root, '--config', '/dev/zero']);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('cannot read config `/dev/zero`: it is a character device, not a regular file');
  });
});

describe('files named on the command line are read only when regular (issue 14, case 6)', () => {
  it('a FIFO given as --baseline or --waivers stops the run with one line instead of hanging it', () => {
    const { root } = smallRepo();
    mkfifo(path.join(root, 'baseline.json'));
    const baseline = cli(['check', '--root', root, '--baseline', 'baseline.json'], root);
    expect(baseline.signal).toBeNull();
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain(
      'cannot read baseline `baseline.json` (it is a FIFO (named pipe), not a regular file)',
    );
    const waivers = cli(['gate', '--root', root, '--release', '1.0.0', '--waivers', 'baseline.json'], root);
    expect(waivers.signal).toBeNull();
    expect(waivers.code).toBe(2);
    expect(waivers.stderr).toContain(
      'cannot read waivers `baseline.json` (it is a FIFO (named pipe), not a regular file)',
    );
  });
});

describe('what is not a regular file is a finding, never read (issue 14, case 7)', () => {
  it('FIFOs and sockets in a copy of the example are findings, and the check finishes', async () => {
    const { root } = await exampleCopy();
    mkfifo(path.join(root, 'ops/k8s/pipe.json'));
    // A contract the Atlas rules read, replaced by a FIFO.
    rmSync(path.join(root, 'ops/k8s/rollout-safety-contract.json'));
    mkfifo(path.join(root, 'ops/k8s/rollout-safety-contract.json'));
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'docs/agent.sock'), resolve));
    try {
      // With the cache: a file that is not regular has no content to recall findings by, so it is never read for one.
      const run = cli(['check', '--root', root, '--format', 'json'], root, 180_000);
      expect(run.signal, 'the check hung').toBeNull();
      expect(run.code).toBe(1);
      const unreadable = diagnosticsOf(run.stdout).filter((d) => d.ruleId === 'workspace/unreadable');
      expect(unreadable.map((d) => [d.file, d.messageId])).toEqual([
        ['docs/agent.sock', 'socket'],
        ['ops/k8s/pipe.json', 'fifo'],
        ['ops/k8s/rollout-safety-contract.json', 'fifo'],
      ]);
    } finally {
      server.close();
    }
  });

  it('a tracked file replaced by a FIFO in a git checkout is a finding', async () => {
    const { root } = smallRepo({ 'ops/a.json': '{}\n', 'ops/b.json': '{}\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    rmSync(path.join(root, 'ops/b.json'));
    mkfifo(path.join(root, 'ops/b.json'));
    const result = await runCheck({ root, rules: allRules });
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, messageIdOf(d)])).toEqual([
      ['workspace/unreadable', 'ops/b.json', 'fifo'],
    ]);
  });

  it('reading a FIFO through the source throws at once instead of waiting for a writer', () => {
    const { root } = smallRepo();
    mkfifo(path.join(root, 'ops/pipe.json'));
    const source = new DiskSource(root);
    expect(() => source.read('ops/pipe.json')).toThrow('it is a FIFO (named pipe), not a regular file');
    expect(() => source.size('ops/pipe.json')).toThrow('not a regular file');
  });
});

describe('a file just past V8 string limit is too large, not a crash (issue 14, case 7)', () => {
  it('keeps the read limit below the longest string V8 can make', () => {
    // 2^29 - 24 on 64-bit V8: the length at which `toString` throws.
    expect(MAX_READ_BYTES).toBeLessThanOrEqual(536_870_888);
  });

  it('reports a sparse file of 536,870,900 bytes as too large to read', () => {
    const { root } = smallRepo();
    execFileSync('truncate', ['-s', '536870900', path.join(root, 'ops/big.json')]);
    const run = cli(['check', '--root', root, '--format', 'json', '--no-cache'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(diagnosticsOf(run.stdout).map((d) => [d.ruleId, d.file, d.messageId, d.message])).toEqual([
      [
        'json/syntax',
        'ops/big.json',
        'unreadable',
        'Cannot read the file: `ops/big.json` is too large to read (536870900 bytes)',
      ],
    ]);
  });
});

describe('a folder that cannot be listed is a finding and the run goes on (issue 14, case 7)', () => {
  it('a folder nested past the system path limit (which even root cannot list) outside git', async () => {
    const { root } = smallRepo({ 'ops/a.json': '{ "a": 1 ', 'ops/b.json': '{}\n' });
    // 20 folders of 250 characters: the path passes PATH_MAX (4,096), so readdir fails with ENAMETOOLONG.
    const segment = 'd'.repeat(250);
    const deep = Array.from({ length: 20 }, () => segment).join('/');
    execFileSync('mkdir', ['-p', deep], { cwd: path.join(root, 'ops') });
    try {
      const result = await runCheck({ root, rules: allRules });
      const found = result.report.diagnostics.map((d) => [
        d.ruleId,
        d.file.length > 60 ? 'deep' : d.file,
        messageIdOf(d),
      ]);
      expect(found).toEqual([
        ['json/syntax', 'ops/a.json', 'syntax'],
        ['workspace/unreadable', 'deep', 'folder'],
      ]);
      const unreadable = result.report.diagnostics.find((d) => d.ruleId === 'workspace/unreadable')!;
      expect(unreadable.message).toContain('(`ENAMETOOLONG`): its files are not checked');
    } finally {
      // Node's rm stops at the path limit; rm(1) walks relative to each folder.
      execFileSync('rm', ['-rf', path.join(root, 'ops', segment)]);
    }
  });

  it('a folder whose listing fails (EACCES, as under chmod 000 or `--root /`) is a finding and the rest is checked', async () => {
    const { root } = smallRepo({ 'ops/a.json': '{ "a": 1 ', 'locked/b.json': '{}\n', 'open/c.json': '{}\n' });
    const readDirectory = (absolute: string): Dirent[] => {
      if (absolute === path.join(source.root, 'locked'))
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${absolute}'`), { code: 'EACCES' });
      return readdirSync(absolute, { withFileTypes: true });
    };
    const source: DiskSource = new DiskSource(root, [], { readDirectory });
    expect(new Workspace(source).files).toEqual(['open/c.json', 'ops/a.json']);
    const result = await runCheck({ source, rules: allRules });
    expect(findings(result.report.diagnostics)).toEqual([
      { rule: 'workspace/unreadable', at: 'locked/:1:1', id: 'folder' },
      { rule: 'json/syntax', at: 'ops/a.json:1:10', id: 'syntax' },
    ]);
    expect(result.report.diagnostics[0]!.message).toBe(
      'Cannot list the folder `locked/` (`EACCES`): its files are not checked, make it readable',
    );
  });
});

describe('symbolic links that loop or leave through a folder (issue 14, cases 3 and 15)', () => {
  it('reports a link loop as a loop, not as a missing target', async () => {
    const { root } = smallRepo({ 'ops/a.json': '{}\n' });
    symlinkSync('ping.json', path.join(root, 'ops/pong.json'));
    symlinkSync('pong.json', path.join(root, 'ops/ping.json'));
    symlinkSync('self.json', path.join(root, 'ops/self.json'));
    const result = await runCheck({ root, rules: allRules });
    expect(result.report.diagnostics.map((d) => [d.file, messageIdOf(d), d.message])).toEqual([
      [
        'ops/ping.json',
        'loop',
        '`ops/ping.json` is a symbolic link that leads back to itself through `pong.json`: it is not read, break the loop',
      ],
      [
        'ops/pong.json',
        'loop',
        '`ops/pong.json` is a symbolic link that leads back to itself through `ping.json`: it is not read, break the loop',
      ],
      [
        'ops/self.json',
        'loop',
        '`ops/self.json` is a symbolic link that leads back to itself through `self.json`: it is not read, break the loop',
      ],
    ]);
  });

  it('a tracked folder replaced by a link out of the root: its files are reported and never read', async () => {
    const { root, outside } = smallRepo({ 'ops/a.json': '{}\n', 'ops/k8s/b.json': '{}\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    writeFileSync(path.join(outside, 'b.json'), '{ not json');
    rmSync(path.join(root, 'ops/k8s'), { recursive: true });
    symlinkSync(outside, path.join(root, 'ops/k8s'));
    const result = await runCheck({ root, rules: allRules });
    // git lists the link itself (untracked) and the file it still has under the folder's old name.
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, messageIdOf(d)])).toEqual([
      ['workspace/symlink-escape', 'ops/k8s', 'escapes'],
      ['workspace/symlink-escape', 'ops/k8s/b.json', 'folder'],
    ]);
    const workspace = new Workspace(new DiskSource(root));
    expect(workspace.files).toEqual(['ops/a.json']);
    expect(() => workspace.source.read('ops/k8s/b.json')).toThrow('leads outside the repository');
  });

  it('a folder reached through a link inside the root that is itself a link out: its files are reported and never read', async () => {
    const { root, outside } = smallRepo({
      'ops/a.json': '{}\n',
      'ops/k8s/deep/b.json': '{}\n',
      'ops/other/c.json': '{}\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    writeFileSync(path.join(outside, 'b.json'), '{ not json');
    rmSync(path.join(root, 'ops/k8s'), { recursive: true });
    // ops/k8s leads to ops/other, inside the root; ops/other/deep leads out.
    symlinkSync('other', path.join(root, 'ops/k8s'));
    symlinkSync(outside, path.join(root, 'ops/other/deep'));
    const workspace = new Workspace(new DiskSource(root));
    expect(workspace.files).toEqual(['ops/a.json', 'ops/other/c.json']);
    expect(workspace.escapingLinks.map((link) => [link.path, link.escapes?.folder])).toContainEqual([
      'ops/k8s/deep/b.json',
      'ops/k8s/deep',
    ]);
    expect(() => workspace.source.read('ops/k8s/deep/b.json')).toThrow('leads outside the repository');
    expect(workspace.source.read('ops/other/c.json').toString()).toBe('{}\n');
  });
});

describe('values nested thousands deep are findings, not stack overflows (issue 14, case 7)', () => {
  /** `file` with `place(value)` put at a value nested `depth` deep, written as text (JSON.stringify would overflow). */
  const withDeep = (
    tree: Tree,
    file: string,
    depth: number,
    leaf: string,
    place: (value: any, deep: string) => void,
  ): Tree => {
    const value = JSON.parse(textOf(tree, file)) as unknown;
    const marker = '\u0000deep';
    place(value, marker);
    const deep = `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
    return { ...tree, [file]: `${JSON.stringify(value, null, 2).replace(JSON.stringify(marker), deep)}\n` };
  };
  const deepTree = (depth: number): Tree => {
    let tree = exampleTree();
    // A contract that fails its schema at a value nested `depth` deep (the message shows that value).
    tree = withDeep(tree, 'ops/e2e/scenarios/upgrade/fixtures/seed-dataset.json', depth, '"x"', (v, deep) => {
      v.description = deep;
    });
    // A scenario whose last step is such a value, and a manifest walked for artifacts at any depth.
    tree = withDeep(tree, 'ops/e2e/scenarios/upgrade/rollback-patch.json', depth, '"x"', (v, deep) => {
      v.steps.push(deep);
    });
    tree = withDeep(tree, 'ops/release/evidence/manifest.json', depth, '{ "path": "x", "format": "y" }', (v, deep) => {
      v.nested = deep;
    });
    return tree;
  };

  it.each([5_000, 20_000])('%d deep', async (depth) => {
    const found = findings(await checkTree(deepTree(depth)));
    expect(found).toContainEqual({
      rule: 'schema/valid',
      at: 'ops/e2e/scenarios/upgrade/fixtures/seed-dataset.json:4:18',
      id: 'invalid',
    });
    expect(found).toContainEqual({
      rule: 'scenario/rollback-steps',
      at: 'ops/e2e/scenarios/upgrade/rollback-patch.json:14:5',
      id: 'noFinalCheck',
    });
    const diagnostics = await checkTree(deepTree(depth), { only: ['schema/valid'] });
    expect(diagnostics.find((d) => d.file.endsWith('seed-dataset.json'))!.message).toBe(
      `Unexpected array \`${'['.repeat(59)}…\`, expected string (\`type\`)`,
    );
  });
});
