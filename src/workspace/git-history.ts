import { realpathSync } from 'node:fs';
import { runGit } from './git.js';

/** What git says about the commit the evidence was collected from. */
export type CommitHistory =
  /** The root is not the top of a git checkout (or git is not installed): nothing can be verified. */
  | { kind: 'not-checkout' }
  /** The commit is not in the repository, or is not a commit; `shallow` when the clone's history is cut short. */
  | { kind: 'unknown'; head?: string; shallow: boolean }
  /** The commit exists but HEAD does not descend from it (as far as a shallow clone's history shows). */
  | { kind: 'not-ancestor'; head: string; commit: string; shallow: boolean }
  /** HEAD is the commit or descends from it; `changed` are the files that differ since (committed or not), sorted. */
  | { kind: 'ancestor'; head: string; commit: string; changed: string[] };

/** A commit id as `identity.json` may write it: 4 to 64 hex digits (an abbreviated or full SHA-1 or SHA-256). */
const COMMIT_ID = /^[0-9a-fA-F]{4,64}$/;

/** A tag or branch name git accepts, that cannot be read as an option or a revision expression. */
const REF_NAME = /^(?![-./])(?!.*(?:\.\.|\/\.|@\{|\.lock$|\/$))[A-Za-z0-9._/+-]{1,200}$/;

/** True when a string can name a commit by id (and is safe to hand to git as one). */
export function isCommitId(value: string): boolean {
  return COMMIT_ID.test(value);
}

/** True when a string names a commit by id or by a tag or branch name, safely handed to git either way. */
export function isCommitRef(value: string): boolean {
  return COMMIT_ID.test(value) || REF_NAME.test(value);
}

function git(root: string, args: string[]): { status: number | null; stdout: string } {
  const result = runGit(root, args);
  return { status: result.status, stdout: result.stdout.toString('utf8') };
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Where `commit` (an id, or a tag or branch name) stands in the history of the checkout at
 * `root`, with two git processes at most: `rev-parse` for the checkout's top, whether it is
 * shallow, HEAD (attached or detached), the commit and their merge base (an ancestor is its
 * own merge base with HEAD), then `diff --name-only` from the commit to the working tree
 * (committed and uncommitted changes of tracked files).
 */
export function commitHistory(root: string, commit: string): CommitHistory {
  if (!isCommitRef(commit)) throw new Error(`\`${commit}\` is not a commit id or ref name`);
  const parsed = git(root, [
    'rev-parse',
    '--show-toplevel',
    '--is-shallow-repository',
    'HEAD',
    `${commit}^{commit}`,
    `${commit}...HEAD`,
  ]);
  const lines = parsed.stdout.split('\n').filter(Boolean);
  const top = lines[0];
  if (parsed.status === null || top === undefined || !samePath(top, root)) return { kind: 'not-checkout' };
  const shallow = lines[1] === 'true';
  const head = lines[2] !== undefined && /^[0-9a-f]{40,64}$/.test(lines[2]) ? lines[2] : undefined;
  if (parsed.status !== 0 || head === undefined)
    return head === undefined ? { kind: 'unknown', shallow } : { kind: 'unknown', head, shallow };
  const full = lines[3]!;
  const mergeBases = lines
    .slice(4)
    .filter((line) => line.startsWith('^'))
    .map((line) => line.slice(1));
  if (!mergeBases.includes(full)) return { kind: 'not-ancestor', head, commit: full, shallow };
  const diff = git(root, ['diff', '--name-only', '--no-renames', '-z', full, '--']);
  if (diff.status !== 0) return { kind: 'unknown', head, shallow };
  const changed = [...new Set(diff.stdout.split('\0').filter(Boolean))].sort();
  return { kind: 'ancestor', head, commit: full, changed };
}
