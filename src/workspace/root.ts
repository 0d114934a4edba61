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
  const top = checkoutTop(start);
  const stop = top === undefined ? undefined : realpathSync(top);
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) break;
    dir = parent;
  }
  return stop ?? start;
}

/**
 * The top of the checkout holding `start`: the nearest folder with a `.git` entry (a folder,
 * or the file of a linked worktree or submodule), found without starting git, which a
 * pre-commit hook would pay for on every commit. When the environment points git elsewhere
 * (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_CEILING_DIRECTORIES`), git itself is asked.
 */
function checkoutTop(start: string): string | undefined {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE || process.env.GIT_CEILING_DIRECTORIES)
    return gitTopLevel(start);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
