import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Names of a Chromium-compatible browser looked for on the PATH, in order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to render with: `PUPPETEER_EXECUTABLE_PATH`, else the configured path,
 * else the first of the usual names found on the PATH (`/usr/bin/chromium` on Debian).
 */
export function findChromium(env: Record<string, string | undefined>, configured?: string): string | undefined {
  for (const candidate of [env.PUPPETEER_EXECUTABLE_PATH, configured])
    if (candidate) return executable(candidate) ? candidate : undefined;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}
