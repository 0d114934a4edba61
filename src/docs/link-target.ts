import path from 'node:path';

/** What a link destination in a page points at. */
export type LinkTarget =
  /** Another site, a `mailto:`, or a site-absolute path: not checked. */
  | { kind: 'external' }
  /** `#anchor` on the same page. */
  | { kind: 'same-page'; fragment: string }
  /** A path relative to the page, resolved to a repository path (`''` is the root). */
  | { kind: 'relative'; path: string; fragment: string | undefined }
  /** A relative path that climbs out of the repository. */
  | { kind: 'outside' }
  /** An absolute path on someone's machine (`/Users/...`, `C:\...`, `file:`); `segments` are its parts, for finding the repo file it meant. */
  | { kind: 'machine'; segments: string[]; fragment: string | undefined };

const MACHINE_PATH =
  /^(?:file:(?:\/\/)?)?(?:\/(?:Users|home|root|Volumes|private|mnt|tmp|var\/folders)\/|\/?[A-Za-z]:[\\/]|~[\\/]|\\\\)/;

/**
 * Reads a link destination written in `page`: the query is dropped, the path and the
 * fragment are percent-decoded (kept as written when the encoding is malformed), and
 * the path is resolved against the page's folder.
 */
export function readLinkTarget(url: string, page: string): LinkTarget {
  const written = url.trim();
  if (written === '') return { kind: 'external' };
  const hash = written.indexOf('#');
  const fragment = hash === -1 ? undefined : decode(written.slice(hash + 1));
  const beforeHash = hash === -1 ? written : written.slice(0, hash);
  const pathPart = beforeHash.split('?')[0]!;

  if (MACHINE_PATH.test(written) || /^file:/i.test(written)) {
    const decoded = decode(pathPart.replace(/^file:(?:\/\/)?/i, ''));
    const segments = decoded.split(/[\\/]+/).filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s) && s !== '~');
    return { kind: 'machine', segments, fragment };
  }
  if (hash === 0) return { kind: 'same-page', fragment: fragment ?? '' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(written) || written.startsWith('/')) return { kind: 'external' };
  if (pathPart === '') return { kind: 'same-page', fragment: fragment ?? '' };

  const folder = path.posix.dirname(page);
  const joined = path.posix.normalize(
    path.posix.join(folder === '.' ? '' : folder, decode(pathPart).replace(/\\/g, '/')),
  );
  if (joined === '..' || joined.startsWith('../')) return { kind: 'outside' };
  const resolved = joined === '.' || joined === './' ? '' : joined.replace(/^\.\//, '');
  return { kind: 'relative', path: resolved, fragment };
}

/** The link from `page` to a repository path, as a page would write it. */
export function relativeLink(page: string, target: string, fragment?: string): string {
  const folder = path.posix.dirname(page);
  const relative = path.posix.relative(folder === '.' ? '' : folder, target) || path.posix.basename(target);
  return fragment ? `${relative}#${fragment}` : relative;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
