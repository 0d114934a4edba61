import { loadPackage } from '../load-package.js';

interface Pattern {
  negated: boolean;
  directoryOnly: boolean;
  matches: (path: string) => boolean;
}

/**
 * A matcher for gitignore-style patterns, as MkDocs reads `exclude_docs` and
 * `not_in_nav`: one pattern a line, `#` comments, `!` re-includes, a trailing `/` matches
 * folders only, a pattern with a `/` before its end is anchored at the docs folder,
 * others match at any depth, and matching a folder matches everything in it. The last
 * matching pattern decides. Paths are relative to the docs folder.
 */
export function gitignoreMatcher(lines: readonly string[]): (path: string) => boolean {
  const picomatch = loadPackage<typeof import('picomatch')>('picomatch');
  const patterns: Pattern[] = [];
  for (const raw of lines) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    line = line.replace(/^\\([#!])/, '$1');
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\/+/, '') : `**/${line}`;
    patterns.push({ negated, directoryOnly, matches: picomatch(glob, { dot: true }) });
  }
  if (patterns.length === 0) return () => false;
  return (path: string) => {
    const parts = path.split('/');
    const folders = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const pattern of patterns) {
      const hit =
        folders.some((folder) => pattern.matches(folder)) || (!pattern.directoryOnly && pattern.matches(path));
      if (hit) excluded = !pattern.negated;
    }
    return excluded;
  };
}
