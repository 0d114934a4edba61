import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { UsageError } from '../errors.js';
import { runGit } from '../workspace/git.js';
import { ReadRefusedError, readRegularFile } from '../workspace/regular-file.js';

/** The line that marks a hook as surveyor's own, so that writing it again is safe. */
export const HOOK_MARKER = '# surveyor pre-commit hook (written by `surveyor init --hook`)';

/** The hook `surveyor init --hook` writes: the local install when there is one, else `surveyor` on the PATH. */
export const PRE_COMMIT_HOOK = `#!/bin/sh
${HOOK_MARKER}
# Judges what is staged, blocked only by what the commit breaks. Remove this file to stop it.
bin=node_modules/.bin/surveyor
[ -x "$bin" ] || bin=surveyor
exec "$bin" check --staged
`;

/**
 * Where git looks for the checkout's pre-commit hook. Every git process surveyor starts has
 * `core.hooksPath` overridden (so that reading runs no hook), so the repository's own setting
 * is read from the non-command-line values of `git config --show-origin`.
 */
function hookFile(root: string): string {
  const common = runGit(root, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  if (common.status !== 0)
    throw new UsageError(`\`${root}\` is not inside a git checkout: run \`git init\` first, or run from the checkout`);
  const listed = runGit(root, ['config', '--show-origin', '-z', '--get-all', 'core.hooksPath']);
  const fields = listed.status === 0 ? listed.stdout.toString('utf8').split('\0') : [];
  let hooksPath: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (!fields[i]!.startsWith('command line:')) hooksPath = fields[i + 1];
  if (hooksPath === undefined) return path.join(common.stdout.toString('utf8').trim(), 'hooks', 'pre-commit');
  // A relative core.hooksPath is relative to the top of the working tree, where hooks run.
  const top = runGit(root, ['rev-parse', '--show-toplevel']).stdout.toString('utf8').trim() || root;
  return path.resolve(top, hooksPath.replace(/^~(?=\/)/, process.env.HOME ?? '~'), 'pre-commit');
}

/** What writing the hook did. */
export interface HookResult {
  /** The hook file, absolute. */
  file: string;
  /** `written` when there was no hook, `current` when surveyor's hook was already there as it is now, `updated` otherwise. */
  status: 'written' | 'updated' | 'current';
}

/**
 * Writes a plain `pre-commit` hook into the hooks folder of the git checkout at `root` (as
 * git locates it: `core.hooksPath`, worktrees), executable. A pre-commit hook that is not
 * surveyor's is never overwritten: a `UsageError` says how to add surveyor to it instead.
 */
export function writePreCommitHook(root: string): HookResult {
  const file = hookFile(root);
  let current: string | undefined;
  try {
    current = readRegularFile(file, 1024 * 1024).toString('utf8');
  } catch (error) {
    // A FIFO or device there would hang the write that replaces it: refuse it like a foreign hook.
    if (error instanceof ReadRefusedError)
      throw new UsageError(
        `\`${path.relative(root, file) || file}\` cannot be replaced (${error.message}): remove it and run \`surveyor init --hook\` again`,
      );
    current = undefined;
  }
  if (current !== undefined && !current.includes(HOOK_MARKER))
    throw new UsageError(
      `\`${path.relative(root, file) || file}\` already exists and is not surveyor's: add \`surveyor check --staged\` to it, or remove it and run \`surveyor init --hook\` again`,
    );
  if (current === PRE_COMMIT_HOOK) return { file, status: 'current' };
  mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, PRE_COMMIT_HOOK);
  chmodSync(file, 0o755);
  return { file, status: current === undefined ? 'written' : 'updated' };
}
