import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

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
  // Read by os.tmpdir() in the test workers, which take the environment of this process, and by what they start.
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
