import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeAtomically, writeIfChanged } from '../../src/atomic-write.js';
import { runGenerate } from '../../src/generate/run-generate.js';
import { copyExample } from '../support/atlas-tree.js';
import { BUILT_CLI, runCli, tempDirs } from '../support/cli-run.js';
import { NO_AUTO_MAINTENANCE } from '../support/git-repo.js';

const tempDir = tempDirs('surveyor-writes-');
const FLOWS = 'docs/operations/flows.md';
const SCENARIO = 'ops/e2e/scenarios/upgrade/upgrade-patch-1-3-0.json';

/** A copy of the example with one scenario added, so `generate` has pages to rewrite. */
function driftedExample(): { root: string; outside: string } {
  const dir = tempDir();
  const root = path.join(dir, 'repo');
  copyExample(root);
  writeFileSync(
    path.join(root, SCENARIO),
    `${JSON.stringify({ schema_version: 1, id: 'upgrade-patch-1-3-0', from_version: '1.3.0', to_version: '1.3.1', kind: 'patch', steps: ['versioned-install', 'upgrade', 'verify-readiness'] }, null, 2)}\n`,
  );
  const outside = path.join(dir, 'outside');
  mkdirSync(outside);
  return { root, outside };
}

/** A one-file repository: `check` on it is quick and finds nothing. */
function tinyRepo(): { root: string; dir: string } {
  const dir = tempDir();
  const root = path.join(dir, 'repo');
  mkdirSync(root);
  writeFileSync(path.join(root, 'README.md'), '# Tiny\n');
  return { root, dir };
}

const tempLeftovers = (dir: string) =>
  readdirSync(dir, { recursive: true }).filter((f) => /\.tmp$/.test(path.basename(String(f))));

describe('writes go only where surveyor owns the file (issue 14, cases 1-4)', () => {
  it('case 1: a symlink planted at the temporary name does not redirect a page write', async () => {
    const { root, outside } = driftedExample();
    const victim = path.join(outside, 'victim');
    writeFileSync(victim, 'precious\n');
    // The names the old writer used: predictable from the page name and the pid.
    for (const page of [FLOWS, 'docs/operations/upgrades-and-rollback.md', 'docs/reference/scenario-steps.md'])
      symlinkSync(victim, path.join(root, path.dirname(page), `.${path.basename(page)}.surveyor-${process.pid}.tmp`));
    const result = await runGenerate({ root });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(result.written).toContain(FLOWS);
    expect(readFileSync(path.join(root, FLOWS), 'utf8')).toContain('upgrade-patch-1-3-0');
  });

  it('case 1: --output and --write-baseline refuse a link inside the root that leads outside it', async () => {
    const { root, dir } = tinyRepo();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, path.join(root, 'report.txt'));
    symlinkSync(victim, path.join(root, 'baseline.json'));
    const output = await runCli(['check', '--root', root, '--output', path.join(root, 'report.txt')]);
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/cannot write `.*report\.txt`: `.*report\.txt` is a symlink to `.*victim`, outside/);
    const baseline = await runCli(['check', '--root', root, '--write-baseline', path.join(root, 'baseline.json')]);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toMatch(/cannot write baseline .*outside the repository/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(root, 'report.txt')).isSymbolicLink()).toBe(true);
  });

  it('case 2: a symlink named outside the root is written through and stays a link', async () => {
    const { root, dir } = tinyRepo();
    const real = path.join(dir, 'real-report.json');
    writeFileSync(real, '');
    const link = path.join(dir, 'report-link.json');
    symlinkSync(real, link);
    const run = await runCli(['check', '--root', root, '--format', 'json', '--output', link]);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8'))).toHaveProperty('summary');
    expect(tempLeftovers(dir)).toEqual([]);
  });

  it('case 2: a FIFO named by --output is written into, not replaced', async () => {
    const { root, dir } = tinyRepo();
    const fifo = path.join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const run = await runCli(['check', '--root', root, '--format', 'json', '--output', fifo]);
    await closed;
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(received)).toHaveProperty('summary');
  });

  it('case 2: --output /dev/stdout and /dev/null are written to, never replaced', () => {
    const { root } = tinyRepo();
    const before = { stdout: readlinkSync('/dev/stdout'), nullRdev: statSync('/dev/null').rdev };
    const run = spawnSync(
      process.execPath,
      [BUILT_CLI, 'check', '--root', root, '--format', 'json', '--output', '/dev/stdout'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('summary');
    const quiet = spawnSync(process.execPath, [BUILT_CLI, 'check', '--root', root, '--output', '/dev/null'], {
      encoding: 'utf8',
    });
    expect({ status: quiet.status, stdout: quiet.stdout }).toEqual({ status: 0, stdout: '' });
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    expect(readlinkSync('/dev/stdout')).toBe(before.stdout);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/null').rdev).toBe(before.nullRdev);
    expect(readdirSync('/dev').filter((f) => f.includes('surveyor'))).toEqual([]);
  });

  it('case 3: generate writes into pages: mode kept, links inside the root kept, read-only pages refused as findings', async () => {
    const { root } = driftedExample();
    const flows = path.join(root, FLOWS);
    chmodSync(flows, 0o640);
    // A page reached through a link inside the root is written through the link.
    const upgrades = path.join(root, 'docs/operations/upgrades-and-rollback.md');
    renameSync(upgrades, path.join(root, 'docs/operations/upgrades-real.md'));
    symlinkSync('upgrades-real.md', upgrades);
    const steps = path.join(root, 'docs/reference/scenario-steps.md');
    const stepsBefore = readFileSync(steps, 'utf8');
    chmodSync(steps, 0o444);

    const run = await runCli(['generate', '--root', root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^docs\/reference\/scenario-steps\.md:1:1: `.*scenario-steps\.md` is read-only: its regions were not updated$/m,
    );
    expect(readFileSync(steps, 'utf8')).toBe(stepsBefore);
    expect(statSync(steps).mode & 0o777).toBe(0o444);
    expect(readFileSync(flows, 'utf8')).toContain('upgrade-patch-1-3-0');
    expect(statSync(flows).mode & 0o777).toBe(0o640);
    expect(lstatSync(upgrades).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, 'docs/operations/upgrades-real.md'), 'utf8')).toContain('upgrade-patch-1-3-0');
    expect(tempLeftovers(path.join(root, 'docs'))).toEqual([]);
  });

  it('case 3: a CRLF page gets CRLF regions and keeps its bytes outside them', async () => {
    const { root } = driftedExample();
    const flows = path.join(root, FLOWS);
    const lf = readFileSync(flows, 'utf8');
    writeFileSync(flows, lf.replace(/\n/g, '\r\n'));
    expect((await runCli(['generate', '--root', root])).code).toBe(0);
    const after = readFileSync(flows, 'utf8');
    expect(after).toContain('upgrade-patch-1-3-0');
    expect(after.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    const check = await runCli(['generate', '--check', '--root', root]);
    expect(check.code).toBe(0);
  });

  it('case 3: a folder replaced by a link to an outside folder is neither read nor written', async () => {
    const { root, outside } = driftedExample();
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x'],
    ])
      expect(spawnSync('git', args, { cwd: root, env: { ...process.env, ...NO_AUTO_MAINTENANCE } }).status).toBe(0);
    const elsewhere = path.join(outside, 'operations');
    renameSync(path.join(root, 'docs/operations'), elsewhere);
    symlinkSync(elsewhere, path.join(root, 'docs/operations'));
    const before = readFileSync(path.join(elsewhere, 'flows.md'), 'utf8');
    const result = await runGenerate({ root });
    expect(result.written.filter((f) => f.startsWith('docs/operations/'))).toEqual([]);
    expect(readFileSync(path.join(elsewhere, 'flows.md'), 'utf8')).toBe(before);
  });

  it('case 3: writeIfChanged refuses a page whose folder leaves the root by its real path', () => {
    const { root, dir } = tinyRepo();
    mkdirSync(path.join(dir, 'away'));
    symlinkSync(path.join(dir, 'away'), path.join(root, 'docs'));
    expect(() => writeIfChanged(root, 'docs/page.md', 'x\n')).toThrow(/outside the repository/);
    expect(readdirSync(path.join(dir, 'away'))).toEqual([]);
  });

  it('case 4: after kill -9 the target is old or new, never empty, and the next write sweeps the leftover', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'big.txt');
    const size = 8 << 20;
    writeAtomically(target, Buffer.alloc(size, 'a'));
    const module = fileURLToPath(new URL('../../dist/src/atomic-write.js', import.meta.url));
    const writer = `import { writeAtomically } from ${JSON.stringify(module)}; const b = Buffer.alloc(${size}, 'b'); writeAtomically(${JSON.stringify(target)}, b); process.stdout.write('ready'); for (;;) writeAtomically(${JSON.stringify(target)}, b);`;
    // Killed at a random moment of its loop, the writer most often dies mid-write and leaves its temporary file.
    let leftovers: string[] = [];
    for (let attempt = 0; attempt < 20 && leftovers.length === 0; attempt++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', writer], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      // A writer that dies before it is ready (its module missing) fails the test now, not at the timeout.
      await new Promise((resolve, reject) => {
        child.stdout.once('data', resolve);
        child.once('close', (code) => reject(new Error(`the writer exited with ${code} before it was ready`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 3 + ((attempt * 7) % 20)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      expect(statSync(target).size).toBe(size);
      const byte = readFileSync(target).subarray(0, 1).toString();
      expect(['a', 'b']).toContain(byte);
      leftovers = readdirSync(dir).filter((f) => f !== 'big.txt');
    }
    expect(leftovers.length).toBeGreaterThan(0);
    writeAtomically(target, 'c\n');
    expect(readdirSync(dir)).toEqual(['big.txt']);
    expect(readFileSync(target, 'utf8')).toBe('c\n');
  });
});
