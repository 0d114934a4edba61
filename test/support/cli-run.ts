import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { type CliIo, main } from '../../src/cli/main.js';

/** The CLI as `npm run build` (run by `npm test`) leaves it: what the tests that start a process run. */
export const BUILT_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/surveyor.js');

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

/**
 * Fills the default result cache of `root` (`node_modules/.cache/surveyor`) with a check run in
 * this process, where the modules are loaded and the schemas compiled already. A CLI process
 * started on `root` next recalls what did not change instead of starting cold (loading mermaid
 * and compiling every schema costs seconds of CPU); the cache never changes a verdict
 * (test/cache/differential.test.ts), so what the process reports is the same.
 */
export async function warmCache(root: string, now = '2026-11-27'): Promise<void> {
  const run = await runCli(['check', '--root', root, '--now', now]);
  if (run.code === 2) throw new Error(`warming the cache of ${root} failed: ${run.stderr}`);
}

/**
 * A maker of copies of one folder that `make` builds (in a folder of `tempDir`) the first time a
 * copy is asked for, with its result cache filled then by `warmCache`: each copy's first check
 * recalls what did not change since instead of starting cold, as on a checkout checked before,
 * for tests about what a run prints, writes and returns (the cache never changes a verdict).
 */
export function warmCopies<T extends { root: string }>(tempDir: () => string, make: () => T): () => Promise<T> {
  let template: Promise<T> | undefined;
  return async () => {
    template ??= (async () => {
      const made = make();
      await warmCache(made.root);
      return made;
    })();
    const made = await template;
    const root = tempDir();
    cpSync(made.root, root, { recursive: true });
    return { ...made, root };
  };
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
