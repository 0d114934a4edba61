import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file through a temporary file beside it and a rename, so a reader never sees
 * half of it; the temporary file is removed when writing fails.
 */
export function writeAtomically(target: string, content: string | Uint8Array): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.surveyor-${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes `content` to `root/file` atomically, and only when the bytes differ. Returns whether it wrote. */
export function writeIfChanged(root: string, file: string, content: string | Uint8Array): boolean {
  const target = path.join(root, file);
  const bytes =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let current: Buffer | undefined;
  try {
    current = readFileSync(target);
  } catch {
    current = undefined;
  }
  if (current?.equals(bytes)) return false;
  writeAtomically(target, bytes);
  return true;
}
