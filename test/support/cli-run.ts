import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { type CliIo, main } from '../../src/cli/main.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with captured output (not a terminal unless `tty`, an empty environment unless `env`). */
export async function runCli(
  args: string[],
  options: {
    tty?: boolean;
    stderrTTY?: boolean;
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdin?: string;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: options.tty ?? false,
    stderrTTY: options.stderrTTY ?? false,
    env: options.env ?? {},
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.stdin === undefined ? {} : { readStdin: async () => Buffer.from(options.stdin!, 'utf8') }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A maker of temporary folders for one test file, all removed after its tests. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  // Removing copies of the example takes a while on a busy machine.
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })), 120_000);
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
