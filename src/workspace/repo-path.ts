import path from 'node:path';

/** A path as written in a contract, checked to stay inside the repository. */
export type RepoPath =
  | { ok: true; path: string }
  | { ok: false; reason: 'absolute' | 'parent' | 'empty'; path: string };

/**
 * Normalises a repo-relative path from a contract or doc (`./a//b` → `a/b`, a trailing
 * `/` kept) and refuses absolute paths (POSIX, `C:\`, `\\share`) and paths that climb
 * out with `..`: those are reported, never read.
 */
export function toRepoPath(raw: string): RepoPath {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'empty', path: raw };
  if (
    trimmed.startsWith('/') ||
    /^[A-Za-z]:[\\/]/.test(trimmed) ||
    trimmed.startsWith('\\\\') ||
    trimmed.startsWith('~')
  ) {
    return { ok: false, reason: 'absolute', path: raw };
  }
  const slashed = trimmed.replace(/\\/g, '/');
  const normal = path.posix.normalize(slashed);
  if (normal === '..' || normal.startsWith('../')) return { ok: false, reason: 'parent', path: raw };
  const cleaned = normal === '.' || normal === './' ? '' : normal.replace(/^\.\//, '');
  return { ok: true, path: cleaned };
}

/** True when a string has glob syntax (`*`, `?`, `[...]`, `{a,b}`). */
export function isGlob(value: string): boolean {
  return /[*?[\]{}]/.test(value);
}
