import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The environment variable naming the system's temporary folder when the tests' is on a tmpfs
 * (`diskTempDir`): set by this setup, read by the workers, which take its environment.
 */
const DISK_TMPDIR = 'SURVEYOR_TESTS_DISK_TMPDIR';

/**
 * The system's temporary folder, for what writes slower on a tmpfs than on a disk: Prometheus and
 * promtool preallocate their TSDB's segment files (`fallocate`), which a disk records in its metadata
 * and a tmpfs fills with zeroed pages (2.6 s to start a Prometheus on the signals tests' data, 0.8 s on a disk).
 */
export function diskTempDir(): string {
  return process.env[DISK_TMPDIR] ?? tmpdir();
}

/**
 * The suite's global setup: the tests' temporary folders go to a folder of their own on a tmpfs
 * (`/dev/shm`) when there is a writable one, removed after the run. The suite copies, commits and
 * removes hundreds of checkouts of the example; on a disk each waits on the file system's journal.
 */
export default function setup(): (() => void) | undefined {
  try {
    accessSync('/dev/shm', constants.W_OK);
    if (!statSync('/dev/shm').isDirectory()) return undefined;
  } catch {
    return undefined; // no tmpfs: the system's temporary folder
  }
  const dir = mkdtempSync(path.join('/dev/shm', 'surveyor-tests-'));
  // Each project runs this setup: the first one sees the system's folder.
  process.env[DISK_TMPDIR] ??= tmpdir();
  // Read by os.tmpdir() in the test workers, which take the environment of this process, and by what they start.
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
