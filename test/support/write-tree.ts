import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from './atlas-tree.js';

/** Writes an in-memory tree under a folder on disk (only text and bytes: no symlinks or special files). */
export function writeTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    if (!(typeof content === 'string' || content instanceof Uint8Array))
      throw new Error(`\`${file}\` is not a file: writeTree writes only text and bytes`);
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
