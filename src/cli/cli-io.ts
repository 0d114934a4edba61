import { WriteRefusedError, writeReportFile } from '../atomic-write.js';
import { UsageError } from '../errors.js';

/** What the CLI talks to; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  stderrTTY?: boolean;
  env: Record<string, string | undefined>;
  /** The working directory paths and the root are found from (default: `process.cwd()`). */
  cwd?: string;
  /** Reads all of standard input (`check -`). */
  readStdin?: () => Promise<Buffer>;
}

/** `--now YYYY-MM-DD` as a date (midnight UTC); `undefined` when not given. */
export function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(now.getTime()))
    throw new UsageError(`--now expects a date as YYYY-MM-DD, got \`${value}\``);
  return now;
}

/** Colours only on a terminal, without `--no-color`, a file to write or `NO_COLOR`. */
export function useColor(noColor: boolean | undefined, toFile: boolean, io: CliIo): boolean {
  return !noColor && !toFile && io.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

/**
 * Writes a report file (folders created as needed), never through a link inside `root` that
 * leaves it; a write that fails is one line, not a stack trace.
 */
export function writeOutput(file: string, text: string, root: string): void {
  try {
    writeReportFile(file, text, { root });
  } catch (error) {
    if (error instanceof WriteRefusedError) throw new UsageError(`cannot write \`${file}\`: ${error.message}`);
    throw new UsageError(
      `cannot write \`${file}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check that its path is a folder you can write to`,
    );
  }
}
