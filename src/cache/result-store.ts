import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../engine/diagnostic.js';
import { readRegularFile } from '../workspace/regular-file.js';
import type { ContentMemo } from '../workspace/workspace.js';
import { MAX_READ_BYTES } from '../workspace/workspace.js';

/** A finding as the cache keeps it: the diagnostic and, when the rule has volatile data, the message it is fingerprinted by. */
export interface CachedFinding {
  diagnostic: Diagnostic;
  fingerprintMessage?: string;
}

/** The layout of the cache file; a file of another layout or surveyor version is ignored. */
const FORMAT = 3;
/** Entries not used by any of this many latest runs that wrote the file are dropped, so it does not grow without end. */
const KEEP_RUNS = 4;
/**
 * The same for values derived from content: they are asked for only when a rule runs again
 * (its findings cached, a page's outline is not needed), so they are kept longer.
 */
const KEEP_DERIVED_RUNS = 64;

/** Last run that used it, findings, and optionally the key of a second entry that is used whenever this one is. */
type StoredEntry = [number, CachedFinding[]] | [number, CachedFinding[], string];

interface StoredFile {
  format: number;
  version: string;
  run: number;
  /** Unit key → [last run that used it, findings, the key of the same findings that is kept alive with it]. */
  entries: Record<string, StoredEntry>;
  /** Memo kind → content id → [last run that used it, the value derived from that content]. */
  derived: Record<string, Record<string, [number, unknown]>>;
}

/**
 * Findings of earlier runs by the key of what they were computed from, kept in one file
 * under the cache folder. Reading never fails: a missing, truncated, corrupt or
 * other-version file is an empty cache. Saving writes a file beside it and renames it
 * into place, so two runs at once each leave a whole file and a reader never sees half.
 */
export class ResultStore implements ContentMemo {
  readonly file: string;
  readonly #version: string;
  readonly #entries: Map<string, StoredEntry>;
  readonly #derived: Map<string, Map<string, [number, unknown]>>;
  readonly #run: number;
  #changed = false;

  constructor(folder: string, version: string) {
    this.file = path.join(folder, 'results.json');
    this.#version = version;
    const stored = readStored(this.file, version);
    this.#run = (stored?.run ?? 0) + 1;
    this.#entries = new Map(Object.entries(stored?.entries ?? {}));
    this.#derived = new Map(
      Object.entries(stored?.derived ?? {}).map(([kind, values]) => [kind, new Map(Object.entries(values))]),
    );
  }

  /** The findings stored under a key, marked as used by this run; `undefined` on a miss. */
  get(key: string): CachedFinding[] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Marked used, but not a reason to write: a run that only reads leaves the file (and the run count) as it was.
    entry[0] = this.#run;
    const linked = entry[2] === undefined ? undefined : this.#entries.get(entry[2]);
    if (linked) linked[0] = this.#run;
    return entry[1];
  }

  /**
   * Stores the findings computed for a key; with `linked`, the key of an entry (another key
   * of the same findings) that a later `get` of this key keeps alive too.
   */
  set(key: string, findings: CachedFinding[], linked?: string): void {
    this.#entries.set(key, linked === undefined ? [this.#run, findings] : [this.#run, findings, linked]);
    this.#changed = true;
  }

  recall(kind: string, contentId: string): unknown {
    const entry = this.#derived.get(kind)?.get(contentId);
    if (!entry) return undefined;
    entry[0] = this.#run;
    return entry[1];
  }

  remember(kind: string, contentId: string, value: unknown): void {
    let values = this.#derived.get(kind);
    if (!values) {
      values = new Map();
      this.#derived.set(kind, values);
    }
    values.set(contentId, [this.#run, value]);
    this.#changed = true;
  }

  /** Writes the cache when this run changed it; a cache that cannot be written is skipped, never an error. */
  save(): void {
    if (!this.#changed) return;
    const entries: StoredFile['entries'] = {};
    for (const [key, entry] of this.#entries) if (entry[0] > this.#run - KEEP_RUNS) entries[key] = entry;
    const derived: StoredFile['derived'] = {};
    for (const [kind, values] of this.#derived) {
      const live = [...values].filter(([, entry]) => entry[0] > this.#run - KEEP_DERIVED_RUNS);
      if (live.length) derived[kind] = Object.fromEntries(live);
    }
    const stored: StoredFile = {
      format: FORMAT,
      version: this.#version,
      run: this.#run,
      entries,
      derived,
    };
    const folder = path.dirname(this.file);
    const temp = path.join(folder, `.results.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(folder, { recursive: true });
      // `wx`: the temporary name is fresh; a file already there (a link planted by someone) is never followed.
      writeFileSync(temp, JSON.stringify(stored), { flag: 'wx' });
      renameSync(temp, this.file);
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

function readStored(file: string, version: string): StoredFile | undefined {
  let text: string;
  try {
    // The cache lives in the repository's node_modules: a FIFO planted there must not hang the run.
    text = readRegularFile(file, MAX_READ_BYTES).toString('utf8');
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as Partial<StoredFile> | null;
    if (
      stored === null ||
      typeof stored !== 'object' ||
      stored.format !== FORMAT ||
      stored.version !== version ||
      typeof stored.run !== 'number' ||
      typeof stored.entries !== 'object' ||
      stored.entries === null ||
      typeof stored.derived !== 'object' ||
      stored.derived === null
    )
      return undefined;
    for (const entry of Object.values(stored.entries)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1])) return undefined;
      if (entry.length > 3 || (entry.length === 3 && typeof entry[2] !== 'string')) return undefined;
    }
    for (const values of Object.values(stored.derived)) {
      if (typeof values !== 'object' || values === null) return undefined;
      for (const entry of Object.values(values)) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'number' || entry.length !== 2) return undefined;
      }
    }
    return stored as StoredFile;
  } catch {
    return undefined;
  }
}
