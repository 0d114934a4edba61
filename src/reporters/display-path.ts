import { posix } from 'node:path';

/**
 * The path a person or CI annotation should see for a repo-relative file: joined
 * onto the report's root (unless the root is the current directory), forward slashes.
 */
export function displayPath(root: string, file: string): string {
  const base = posix.normalize(root.replace(/\\/g, '/'));
  const relative = file.replace(/\\/g, '/');
  if (base === '.' || base === '') return relative;
  return posix.join(base, relative);
}
