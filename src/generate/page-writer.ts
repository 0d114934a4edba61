import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `text` to a file under `root` through a temporary file and a rename, so a
 * reader never sees half a page, and only when the content differs. Returns whether it
 * wrote.
 */
export function writeIfChanged(root: string, file: string, text: string): boolean {
  const target = path.join(root, file);
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.surveyor-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return true;
}
