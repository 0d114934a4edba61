import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeIfChanged } from '../atomic-write.js';

/** The cache file's name in the output folder. */
export const RENDER_CACHE_FILE = '.surveyor-render-cache.json';

/** One rendered diagram as the cache remembers it: what it was drawn from, and the bytes written. */
interface CacheEntry {
  /** sha256 of the diagram's source, theme, Mermaid version, format and SVG id. */
  key: string;
  /** sha256 of the output file as written. */
  output: string;
}

/** The content-hash cache beside the rendered images: a diagram whose key and output are unchanged is not drawn again. */
export class RenderCache {
  readonly #out: string;
  readonly #entries: Map<string, CacheEntry>;

  private constructor(out: string, entries: Map<string, CacheEntry>) {
    this.#out = out;
    this.#entries = entries;
  }

  /** The cache of an output folder; a missing or unreadable cache is an empty one. */
  static open(out: string): RenderCache {
    const entries = new Map<string, CacheEntry>();
    try {
      const file = path.join(out, RENDER_CACHE_FILE);
      if (statSync(file).isFile()) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
          version?: number;
          entries?: Record<string, CacheEntry>;
        };
        if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object')
          for (const [name, entry] of Object.entries(parsed.entries))
            if (typeof entry?.key === 'string' && typeof entry.output === 'string') entries.set(name, entry);
      }
    } catch {
      // A cache that cannot be read only costs a render.
    }
    return new RenderCache(out, entries);
  }

  /** Whether `name` was drawn from the same key and its file still holds what was written. */
  isCurrent(name: string, key: string): boolean {
    const entry = this.#entries.get(name);
    if (entry?.key !== key) return false;
    try {
      return sha256(readFileSync(path.join(this.#out, name))) === entry.output;
    } catch {
      return false;
    }
  }

  /** Remembers what `name` was drawn from and the bytes written for it. */
  record(name: string, key: string, data: Uint8Array): void {
    this.#entries.set(name, { key, output: sha256(data) });
  }

  /** Keeps only these names (diagrams that failed or are gone are forgotten) and writes the cache. */
  save(names: Iterable<string>): void {
    const keep = new Set(names);
    const entries = Object.fromEntries(
      [...this.#entries].filter(([name]) => keep.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    writeIfChanged(this.#out, RENDER_CACHE_FILE, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  }
}

/** The cache key of a diagram: its source, the theme, Mermaid's version, the format and the SVG id. */
export function renderKey(parts: {
  code: string;
  theme: string;
  mermaid: string;
  format: string;
  svgId: string;
}): string {
  return sha256(
    Buffer.from([parts.code, parts.theme, parts.mermaid, parts.format, parts.svgId].join('\u0000'), 'utf8'),
  );
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
