import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm name of this package (scoped: the unscoped `surveyor` is an unrelated package). */
export const PACKAGE_NAME = '@atlas-org/surveyor';

let manifest: { root: string; version: string } | null | undefined;

/**
 * This package's folder and version, found once: the nearest folder above this module whose
 * package.json is this package's. The module runs from src/ (tests), dist/src/ (the library)
 * or a chunk of dist/cli/ (the bundle), so no fixed number of folders up fits them all.
 */
function packageManifest(): { root: string; version: string } | null {
  if (manifest === undefined) {
    manifest = null;
    for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
      try {
        const found = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: unknown;
          version?: unknown;
        };
        if (found.name === PACKAGE_NAME) {
          manifest = { root: dir, version: typeof found.version === 'string' ? found.version : '0.0.0' };
          break;
        }
      } catch {
        // no package.json here, or not one that parses: look further up
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return manifest;
}

/** The version of this surveyor package, read once from its package.json (`0.0.0` when it has none). */
export function packageVersion(): string {
  return packageManifest()?.version ?? '0.0.0';
}

/** The folder of this package (the one holding its package.json); throws when there is none above this module. */
export function surveyorPackageRoot(): string {
  const found = packageManifest();
  if (!found) throw new Error('the surveyor package root (its package.json) was not found above this module');
  return found.root;
}

/** A file the package ships (`schemas/…`, `docs/rules/…`), as text; `undefined` when the package has none. */
export function readPackageFile(relative: string): string | undefined {
  const found = packageManifest();
  if (!found) return undefined;
  try {
    return readFileSync(path.join(found.root, relative), 'utf8');
  } catch {
    return undefined;
  }
}
