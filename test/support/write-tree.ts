import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from './atlas-tree.js';

/** Writes an in-memory tree under a folder on disk (symlinks are not supported here). */
export function writeTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    if (typeof content === 'object' && 'symlink' in content)
      throw new Error(`symlink \`${file}\` cannot be written by writeTree`);
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
