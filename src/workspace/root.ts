import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { gitTopLevel } from './git.js';

/**
 * The repository root a command run from `cwd` means: the nearest folder at or above it
 * holding `surveyor.config.json` (not above the git checkout's top), else the top of the
 * git checkout, else `cwd` itself. Run from `docs/`, the root stays the repository.
 *
 * The checkout's top is the nearest folder with a `.git` entry (a folder, or the file of a
 * linked worktree or submodule), found on the same walk without starting git, which a
 * pre-commit hook would pay for on every commit. When the environment points git elsewhere
 * (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_CEILING_DIRECTORIES`), git itself is asked.
 */
export function discoverRoot(cwd: string): string {
  const start = realpathSync(path.resolve(cwd));
  const pointed = Boolean(process.env.GIT_DIR || process.env.GIT_WORK_TREE || process.env.GIT_CEILING_DIRECTORIES);
  const top = pointed ? gitTopLevel(start) : undefined;
  const stop = top === undefined ? undefined : realpathSync(top);
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    if (dir === stop || (!pointed && existsSync(path.join(dir, '.git')))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return stop ?? start;
    dir = parent;
  }
}
