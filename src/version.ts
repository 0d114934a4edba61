import { readFileSync } from 'node:fs';

/** The npm name of this package (scoped: the unscoped `surveyor` is an unrelated package). */
export const PACKAGE_NAME = '@atlas-org/surveyor';

let version: string | undefined;

/** The version of this surveyor package, read once from its package.json. */
export function packageVersion(): string {
  if (version === undefined) {
    // src/version.ts runs from src/ (tests) or dist/src/ (built): look up until package.json.
    for (const relative of ['../package.json', '../../package.json']) {
      try {
        const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === PACKAGE_NAME && manifest.version) {
          version = manifest.version;
          break;
        }
      } catch {
        // try the next candidate
      }
    }
    version ??= '0.0.0';
  }
  return version;
}
