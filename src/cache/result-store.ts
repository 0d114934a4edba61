import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../engine/diagnostic.js';
import { readRegularFile } from '../workspace/regular-file.js';
import { MAX_READ_BYTES } from '../workspace/workspace.js';

/** A finding as the cache keeps it: the diagnostic and, when the rule has volatile data, the message it is fingerprinted by. */
export interface CachedFinding {
  diagnostic: Diagnostic;
  fingerprintMessage?: string;
}

/** The layout of the cache file; a file of another layout or surveyor version is ignored. */
const FORMAT = 2;
/** Entries not used by any of this many latest runs are dropped, so the file does not grow without end. */
const KEEP_RUNS = 4;

interface StoredFile {
  format: number;
  version: string;
  run: number;
  /** Unit key → [last run that used it, findings]. */
  entries: Record<string, [number, CachedFinding[]]>;
  /** Content id of a JSON file → whether it declares a JSON Schema draft (`$schema`). */
  drafts: Record<string, boolean>;
}

/**
 * Findings of earlier runs by the key of what they were computed from, kept in one file
 * under the cache folder. Reading never fails: a missing, truncated, corrupt or
 * other-version file is an empty cache. Saving writes a file beside it and renames it
 * into place, so two runs at once each leave a whole file and a reader never sees half.
 */
export class ResultStore {
  readonly file: string;
  readonly #version: string;
  readonly #entries: Map<string, [number, CachedFinding[]]>;
  readonly #drafts: Map<string, boolean>;
  readonly #run: number;
  #changed = false;

  constructor(folder: string, version: string) {
    this.file = path.join(folder, 'results.json');
    this.#version = version;
    const stored = readStored(this.file, version);
    this.#run = (stored?.run ?? 0) + 1;
    this.#entries = new Map(Object.entries(stored?.entries ?? {}));
    this.#drafts = new Map(Object.entries(stored?.drafts ?? {}));
  }

  /** The findings stored under a key, marked as used by this run; `undefined` on a miss. */
  get(key: string): CachedFinding[] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry[0] !== this.#run) {
      entry[0] = this.#run;
      this.#changed = true;
    }
    return entry[1];
  }

  /** Stores the findings computed for a key. */
  set(key: string, findings: CachedFinding[]): void {
    this.#entries.set(key, [this.#run, findings]);
    this.#changed = true;
  }

  /** Whether a JSON content declares a draft, when an earlier run found out. */
  draft(contentId: string): boolean | undefined {
    return this.#drafts.get(contentId);
  }

  /** Remembers whether a JSON content declares a draft. */
  setDraft(contentId: string, declares: boolean): void {
    if (this.#drafts.get(contentId) === declares) return;
    this.#drafts.set(contentId, declares);
    this.#changed = true;
  }

  /** Writes the cache when this run changed it; a cache that cannot be written is skipped, never an error. */
  save(): void {
    if (!this.#changed) return;
    const entries: StoredFile['entries'] = {};
    for (const [key, entry] of this.#entries) if (entry[0] > this.#run - KEEP_RUNS) entries[key] = entry;
    const stored: StoredFile = {
      format: FORMAT,
      version: this.#version,
      run: this.#run,
      entries,
      drafts: Object.fromEntries(this.#drafts),
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
      typeof stored.drafts !== 'object' ||
      stored.drafts === null
    )
      return undefined;
    for (const entry of Object.values(stored.entries)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1])) return undefined;
    }
    return stored as StoredFile;
  } catch {
    return undefined;
  }
}
