import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `content` to a file under `root` through a temporary file and a rename, so a
 * reader never sees half a file, and only when the bytes differ. Returns whether it
 * wrote.
 */
export function writeIfChanged(root: string, file: string, content: string | Uint8Array): boolean {
  const target = path.join(root, file);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let current: Buffer | undefined;
  try {
    current = readFileSync(target);
  } catch {
    current = undefined;
  }
  if (current?.equals(bytes)) return false;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.surveyor-${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return true;
}
