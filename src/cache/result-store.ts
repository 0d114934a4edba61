import { createHash, randomBytes } from 'node:crypto';
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

/** The layout of the cache files; files of another layout or surveyor version are ignored. */
const FORMAT = 5;
/** Entries not used by any of this many latest runs that wrote the file are dropped, so it does not grow without end. */
const KEEP_RUNS = 4;
/**
 * The same for values derived from content: they are asked for only when a rule runs again
 * (its findings cached, a page's outline is not needed), so they are kept longer.
 */
const KEEP_DERIVED_RUNS = 64;
/**
 * A group read and used but not changed is written again (to record that its values are still
 * used) once one of them was last marked this many runs ago, not on every run that uses it.
 */
const REFRESH_DERIVED_RUNS = KEEP_DERIVED_RUNS / 2;

/**
 * Last run that used it, the id of its findings in `lists` (`''`: none), and optionally the
 * key of a second entry that is used whenever this one is.
 */
type StoredEntry = [number, string] | [number, string, string];

/** `results.json`: the findings. */
interface StoredFile {
  format: number;
  version: string;
  run: number;
  /** Unit key → [last run that used it, id of its findings, the key of the same findings that is kept alive with it]. */
  entries: Record<string, StoredEntry>;
  /**
   * Each distinct non-empty list of findings once, by the digest of its JSON: most keys have
   * none, and a rule whose inputs changed but whose findings did not (the usual case) adds a
   * key, not another copy of its findings.
   */
  lists: Record<string, CachedFinding[]>;
}

/** `results.json` as read: its entries and lists are checked one by one, when a run asks for them. */
interface ReadFile {
  run: number;
  entries: Record<string, unknown>;
  lists: Record<string, unknown>;
}

/** An entry as this run holds it: last run that used it, findings, the linked key. */
type Entry = [number, CachedFinding[]] | [number, CachedFinding[], string];

/** `derived-GROUP.json`: the values derived from content under the memo kinds of one group. */
interface StoredGroup {
  format: number;
  version: string;
  /** Memo kind → content id → [last run that used it, the value derived from that content]. */
  derived: Record<string, Record<string, [number, unknown]>>;
}

/** The values of one group of memo kinds, as read, and what this run did to them. */
interface DerivedGroup {
  file: string;
  kinds: Map<string, Map<string, [number, unknown]>>;
  /** A value was remembered: the group is written. */
  changed: boolean;
  /** A value was recalled that no write recorded as used for a while: the group is written if the run writes. */
  stale: boolean;
}

/**
 * Groups kept in shards, by content id: a page's outline is large (megabytes for a few thousand
 * pages), and a run that checks a few pages again reads and writes only their shards.
 */
const SHARDED_GROUPS = new Set(['docs-outline-1']);
/** How many shards a sharded group is kept in. */
const SHARDS = 32;

/**
 * The group a memo kind's value for a content id is kept in: the kind up to its first `:` (a
 * kind's parameters, such as a limit or a path, stay in the same file as the kind), and for a
 * sharded group, the shard of the content id (`docs-outline-1.07`).
 */
function groupOf(kind: string, contentId: string): string {
  const name = kind.split(':')[0]!.replace(/[^A-Za-z0-9.-]/g, '_') || '_';
  if (!SHARDED_GROUPS.has(name)) return name;
  // FNV-1a: content ids are digests in any alphabet, so their characters are hashed, not read as hex.
  let hash = 0x811c9dc5;
  for (let i = 0; i < contentId.length; i++) hash = Math.imul(hash ^ contentId.charCodeAt(i), 0x01000193);
  return `${name}.${String((hash >>> 0) % SHARDS).padStart(2, '0')}`;
}

/**
 * Findings of earlier runs by the key of what they were computed from, in `results.json`
 * under the cache folder, and values derived from content, one file per group of memo kinds
 * (`derived-GROUP.json`), each read only when a run first asks for one of its values: a run
 * whose rules need no page outline reads none. Reading never fails: a missing, truncated,
 * corrupt or other-version file is empty. Saving writes each changed file beside it and
 * renames it into place, so two runs at once each leave whole files and a reader never sees
 * half of one; since every value is a function of its key, files of two runs mix safely.
 */
export class ResultStore implements ContentMemo {
  readonly file: string;
  readonly #folder: string;
  readonly #version: string;
  /** `results.json` as read: each entry is checked and taken into `#entries` when a run first asks for its key. */
  readonly #stored: ReadFile | undefined;
  /** The entries this run asked for or stored. */
  readonly #entries = new Map<string, Entry>();
  /** Each stored list of findings taken so far, by id. */
  readonly #lists = new Map<string, CachedFinding[]>([['', []]]);
  /** The id of each list of findings read or written, so saving digests each list once. */
  readonly #listIds = new WeakMap<CachedFinding[], string>();
  readonly #groups = new Map<string, DerivedGroup>();
  readonly #run: number;
  /** Findings were stored: `results.json` is written (and the run counted). */
  #entriesChanged = false;

  constructor(folder: string, version: string) {
    this.#folder = folder;
    this.file = path.join(folder, 'results.json');
    this.#version = version;
    this.#stored = readStored(this.file, version);
    this.#run = (this.#stored?.run ?? 0) + 1;
  }

  /** The findings stored under a key, marked as used by this run; `undefined` on a miss. */
  get(key: string): CachedFinding[] | undefined {
    const entry = this.#entry(key);
    if (!entry) return undefined;
    // Marked used, but not a reason to write: a run that only reads leaves the file (and the run count) as it was.
    entry[0] = this.#run;
    const linked = entry[2] === undefined ? undefined : this.#entry(entry[2]);
    if (linked) linked[0] = this.#run;
    return entry[1];
  }

  /**
   * The entry of a key: this run's, else the file's, checked when first asked for (most runs
   * ask for a fraction of the keys, and a whole file is not worth checking up front). A stored
   * entry of the wrong shape, or naming findings the file does not hold, is a miss.
   */
  #entry(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry || !this.#stored || !Object.hasOwn(this.#stored.entries, key)) return entry;
    const raw = this.#stored.entries[key];
    if (!isStoredEntry(raw)) return undefined;
    const list = this.#list(raw[1]);
    if (!list) return undefined;
    const taken: Entry = raw.length === 3 ? [raw[0], list, raw[2]] : [raw[0], list];
    this.#entries.set(key, taken);
    return taken;
  }

  /** A stored list of findings by id (`''`: none); `undefined` when the file holds no list of that id. */
  #list(id: string): CachedFinding[] | undefined {
    let list = this.#lists.get(id);
    const stored = this.#stored && Object.hasOwn(this.#stored.lists, id) ? this.#stored.lists[id] : undefined;
    if (!list && Array.isArray(stored)) {
      list = stored as CachedFinding[];
      this.#lists.set(id, list);
      this.#listIds.set(list, id);
    }
    return list;
  }

  /**
   * Stores the findings computed for a key; with `linked`, the key of an entry (another key
   * of the same findings) that a later `get` of this key keeps alive too.
   */
  set(key: string, findings: CachedFinding[], linked?: string): void {
    this.#entries.set(key, linked === undefined ? [this.#run, findings] : [this.#run, findings, linked]);
    this.#entriesChanged = true;
  }

  recall(kind: string, contentId: string): unknown {
    const group = this.#group(kind, contentId);
    const entry = group.kinds.get(kind)?.get(contentId);
    if (!entry) return undefined;
    if (entry[0] <= this.#run - REFRESH_DERIVED_RUNS) group.stale = true;
    entry[0] = this.#run;
    return entry[1];
  }

  remember(kind: string, contentId: string, value: unknown): void {
    const group = this.#group(kind, contentId);
    let values = group.kinds.get(kind);
    if (!values) {
      values = new Map();
      group.kinds.set(kind, values);
    }
    values.set(contentId, [this.#run, value]);
    group.changed = true;
  }

  /** The group of a memo kind's value for a content id, read from its file on first use. */
  #group(kind: string, contentId: string): DerivedGroup {
    const name = groupOf(kind, contentId);
    let group = this.#groups.get(name);
    if (!group) {
      const file = path.join(this.#folder, `derived-${name}.json`);
      const stored = readGroup(file, this.#version);
      const kinds = new Map(
        Object.entries(stored?.derived ?? {}).map(([k, values]) => [k, new Map(Object.entries(values))]),
      );
      group = { file, kinds, changed: false, stale: false };
      this.#groups.set(name, group);
    }
    return group;
  }

  /**
   * Writes what this run changed; a cache that cannot be written is skipped, never an error.
   * A run that only read writes nothing, and a group it only read is written when its marks of
   * use grow old; the run is counted (for dropping unused entries) when findings were stored.
   */
  save(): void {
    const groups = [...this.#groups.values()].filter((group) => group.changed || (group.stale && this.#entriesChanged));
    if (this.#entriesChanged) {
      const entries: StoredFile['entries'] = {};
      const lists: StoredFile['lists'] = {};
      // Entries of the file this run never asked for are kept as they were, while recent and whole.
      for (const [key, raw] of Object.entries(this.#stored?.entries ?? {})) {
        if (this.#entries.has(key) || !isStoredEntry(raw) || raw[0] <= this.#run - KEEP_RUNS) continue;
        const list = this.#list(raw[1]);
        if (!list) continue;
        if (raw[1]) lists[raw[1]] = list;
        entries[key] = raw;
      }
      for (const [key, [run, list, linked]] of this.#entries) {
        if (run <= this.#run - KEEP_RUNS) continue;
        const id = this.#listId(list);
        if (id) lists[id] = list;
        entries[key] = linked === undefined ? [run, id] : [run, id, linked];
      }
      if (!this.#write(this.file, { format: FORMAT, version: this.#version, run: this.#run, entries, lists })) return;
    }
    for (const group of groups) {
      const derived: StoredGroup['derived'] = {};
      for (const [kind, values] of group.kinds) {
        const live = [...values].filter(([, entry]) => entry[0] > this.#run - KEEP_DERIVED_RUNS);
        if (live.length) derived[kind] = Object.fromEntries(live);
      }
      this.#write(group.file, { format: FORMAT, version: this.#version, derived } satisfies StoredGroup);
    }
    // The whole-group file a sharded group was kept in before it was sharded: never read again.
    for (const name of new Set(
      groups.map((group) => path.basename(group.file).match(/^derived-(.+)\.\d\d\.json$/)?.[1]),
    ))
      if (name) rmSync(path.join(this.#folder, `derived-${name}.json`), { force: true });
  }

  /** The id a list of findings is stored under: `''` for none, else the digest of its JSON. */
  #listId(list: CachedFinding[]): string {
    if (list.length === 0) return '';
    let id = this.#listIds.get(list);
    if (id === undefined) {
      id = createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 24);
      this.#listIds.set(list, id);
    }
    return id;
  }

  /** Writes one file of the cache through a fresh temporary file renamed into place; false when it cannot. */
  #write(file: string, content: StoredFile | StoredGroup): boolean {
    const temp = path.join(
      this.#folder,
      `.${path.basename(file, '.json')}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      mkdirSync(this.#folder, { recursive: true });
      // `wx`: the temporary name is fresh; a file already there (a link planted by someone) is never followed.
      writeFileSync(temp, JSON.stringify(content), { flag: 'wx' });
      renameSync(temp, file);
      return true;
    } catch {
      rmSync(temp, { force: true });
      return false;
    }
  }
}

/** A cache file's parsed content when it is of this layout and version; `undefined` for anything else. */
function readJson(file: string, version: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    // The cache lives in the repository's node_modules: a FIFO planted there must not hang the run.
    text = readRegularFile(file, MAX_READ_BYTES).toString('utf8');
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as Record<string, unknown> | null;
    if (stored === null || typeof stored !== 'object' || stored.format !== FORMAT || stored.version !== version)
      return undefined;
    return stored;
  } catch {
    return undefined;
  }
}

function readStored(file: string, version: string): ReadFile | undefined {
  const stored = readJson(file, version);
  if (!stored || typeof stored.run !== 'number') return undefined;
  const { entries, lists } = stored;
  if (typeof entries !== 'object' || entries === null || typeof lists !== 'object' || lists === null) return undefined;
  return { run: stored.run, entries: entries as Record<string, unknown>, lists: lists as Record<string, unknown> };
}

/** Whether a value read from `results.json` has the shape of an entry (its list is looked up apart). */
function isStoredEntry(entry: unknown): entry is StoredEntry {
  return (
    Array.isArray(entry) &&
    (entry.length === 2 || (entry.length === 3 && typeof entry[2] === 'string')) &&
    typeof entry[0] === 'number' &&
    typeof entry[1] === 'string'
  );
}

function readGroup(file: string, version: string): StoredGroup | undefined {
  const stored = readJson(file, version);
  if (!stored || typeof stored.derived !== 'object' || stored.derived === null) return undefined;
  for (const values of Object.values(stored.derived)) {
    if (typeof values !== 'object' || values === null) return undefined;
    for (const entry of Object.values(values)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || entry.length !== 2) return undefined;
    }
  }
  return stored as unknown as StoredGroup;
}
