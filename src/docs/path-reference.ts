import { isGlob, toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';

/** A backticked span read as a repository path. */
export type PathReference =
  | { kind: 'file' | 'folder' | 'glob'; path: string }
  | { kind: 'outside'; reason: 'absolute' | 'parent' | 'empty' };

/** What the repository says about a path reference. */
export type PathCheck = 'exists' | 'build-output' | 'missing' | 'no-folder' | 'no-match' | 'outside';

/**
 * Reads a backticked span as a repo path: a `:12` or `:12:5` position suffix and a
 * `#fragment` are dropped, `<placeholder>` segments read as `*` (so
 * `ops/k8s/values/<profile>.yaml` must match a file), a trailing `/` names a folder.
 * `undefined` when the span holds whitespace: a command or a sentence, not a path.
 */
export function readPathReference(value: string): PathReference | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  const cleaned = trimmed
    .replace(/#.*$/, '')
    .replace(/:\d+(?::\d+)?$/, '')
    .replace(/<[^<>/]+>/g, '*');
  const repoPath = toRepoPath(cleaned);
  if (!repoPath.ok) return { kind: 'outside', reason: repoPath.reason };
  if (isGlob(repoPath.path)) return { kind: 'glob', path: repoPath.path };
  return { kind: repoPath.path.endsWith('/') ? 'folder' : 'file', path: repoPath.path };
}

/** True when a backticked span starts with one of the configured top-level folders (`ops/`, `docs/`, ...). */
export function hasPathPrefix(value: string, prefixes: readonly string[]): boolean {
  const text = value.trim().replace(/^\.\//, '');
  return prefixes.some((prefix) => text.startsWith(folderPrefix(prefix)));
}

/** Checks a path reference against the files of the repository; paths under `buildOutputs` need not exist. */
export function checkPathReference(
  workspace: Workspace,
  reference: PathReference,
  buildOutputs: readonly string[],
): PathCheck {
  if (reference.kind === 'outside') return 'outside';
  if (buildOutputs.some((folder) => reference.path.startsWith(folderPrefix(folder)))) return 'build-output';
  switch (reference.kind) {
    case 'glob':
      return workspace.match(reference.path.endsWith('/') ? `${reference.path}**` : reference.path).length > 0
        ? 'exists'
        : 'no-match';
    case 'folder':
      return workspace.hasDirectory(reference.path) ? 'exists' : 'no-folder';
    case 'file':
      return workspace.hasFile(reference.path) || workspace.hasDirectory(reference.path) ? 'exists' : 'missing';
  }
}

function folderPrefix(folder: string): string {
  return folder.endsWith('/') ? folder : `${folder}/`;
}
