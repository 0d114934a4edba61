import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { gitTopLevel } from './git.js';

/**
 * The repository root a command run from `cwd` means: the nearest folder at or above it
 * holding `surveyor.config.json` (not above the git checkout's top), else the top of the
 * git checkout, else `cwd` itself. Run from `docs/`, the root stays the repository.
 */
export function discoverRoot(cwd: string): string {
  const start = realpathSync(path.resolve(cwd));
  const top = gitTopLevel(start);
  const stop = top === undefined ? undefined : realpathSync(top);
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) break;
    dir = parent;
  }
  return stop ?? start;
}
