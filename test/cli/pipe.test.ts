import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { BUILT_CLI, tempDirs } from '../support/cli-run.js';

const tempDir = tempDirs('surveyor-pipe-');

/** Runs the built CLI with its standard output closed by the reader before it writes (`surveyor ... | head -0`). */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that stops early (`surveyor check | head`)', () => {
  it('ends the run with its verdict, not a crash: check exits 0 on the clean example and prints no error', async () => {
    const run = await runIntoClosedPipe(['check', '--root', EXAMPLE_ROOT, '--now', '2026-11-27', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('keeps the verdict of a run with findings: exit 1', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'broken.json'), '{ "a": 1,, }\n');
    const run = await runIntoClosedPipe(['check', '--root', root]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('and the same for a command that only prints (rules)', async () => {
    const run = await runIntoClosedPipe(['rules']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
