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

/** The layout of the cache files; files of another layout or surveyor version are ignored. */
const FORMAT = 7;
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
 * A grouped key starts with the name of its group, this many characters (see `lookedUpGroup`):
 * the keys of one file each that a rule looks up under one start of its keys.
 */
export const GROUP_KEY_CHARS = 8;

/**
 * `results.json`: the findings, as columns (tens of thousands of keys at scale): a key's entry
 * is its index in `keys`, which are sorted, so a run finds it by binary search in what
 * `JSON.parse` made, builds no object per entry, and marks it used in place.
 */
interface StoredFile {
  format: number;
  version: string;
  run: number;
  /** Unit keys, sorted (by UTF-16 code units, as `<` compares them), each once. */
  keys: string[];
  /** The last run that used each key. */
  used: number[];
  /** Each key's findings: an index in `lists`, or -1 for none. */
  found: number[];
  /** The key of a second entry each key keeps alive when used (the same findings under another key), or `''`. */
  linked: string[];
  /**
   * Each distinct non-empty list of findings once, as its JSON text: most keys have none, a rule
   * whose inputs changed but whose findings did not (the usual case) adds a key, not another copy
   * of its findings, and a list is parsed only when a run asks for it.
   */
  lists: string[];
  /**
   * Each group of keys (see `ResultStore.lookedUpGroup`) a recent run touched: [the last run that
   * touched it, the last run that looked up every key of it it needed].
   */
  groups: Record<string, [number, number]>;
}

/** An entry this run stored: the run, its findings, the linked key. */
type Entry = [number, CachedFinding[]] | [number, CachedFinding[], string];

/**
 * `keys.json`: what the keys of the last run that wrote it started from (see `RuleCache`), so the
 * next run takes the findings of a rule none of whose inputs changed since by the key that run
 * used, without hashing its inputs again.
 */
export interface KeySnapshot {
  /** The key of what every rule depends on (version, configuration, file list). */
  common: string;
  /** The key of the schema set, when that run worked it out. */
  schemas: string | null;
  /** The indexes in `files` of the schema files that key was worked out from, when that run knew them. */
  schemaFiles: number[] | null;
  /** That run's day (`--now`). */
  day: string;
  /** Every file of the repository, sorted, and its content key where that run worked it out (else `''`). */
  files: string[];
  ids: string[];
  /** Each rule's key start and the key of its findings. */
  rules: Record<string, [base: string, key: string]>;
}

/** `derived-GROUP.json`: the values derived from content under the memo kinds of one group. */
interface StoredGroup {
  format: number;
  version: string;
  /** Memo kind → content id → [last run that used it, the value derived from that content] (else a miss). */
  derived: Record<string, Record<string, unknown>>;
}

/** The values of one group of memo kinds, as read, and what this run did to them. */
interface DerivedGroup {
  file: string;
  /**
   * Memo kind → content id → entry, as the file held them (not copied into maps: a run reads a few of
   * thousands); an entry is checked for its shape when recalled.
   */
  kinds: Map<string, Record<string, unknown>>;
  /** A value was remembered: the group is written. */
  changed: boolean;
  /** A value was recalled that no write recorded as used for a while: the group is written if the run writes. */
  stale: boolean;
}

/**
 * Groups kept in shards, by content id: a page's outline is large (megabytes for a few thousand
 * pages), and a run that checks a few pages again reads and writes only their shards. The
 * schemas' graph and problems are one value per state of every schema (megabytes each at
 * scale, one more after each schema edit): a run reads the shard of the state it meets.
 */
const SHARDED_GROUPS = new Set(['docs-outline-1', 'schema-graph-1', 'schema-problems-1']);
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
  /** `results.json` as read; a run marks the entries it uses in place (`used`). */
  readonly #stored: StoredFile | undefined;
  /** The entries this run stored: they come before the file's. */
  readonly #entries = new Map<string, Entry>();
  /** Each list of the file parsed so far, by index (`null`: not a list of findings). */
  readonly #parsed = new Map<number, CachedFinding[] | null>();
  /** The JSON text of each list of findings read or written, so saving serializes each list once. */
  readonly #listTexts = new WeakMap<CachedFinding[], string>();
  /** What an entry without findings recalls. */
  readonly #none: CachedFinding[] = [];
  readonly #groups = new Map<string, DerivedGroup>();
  readonly #run: number;
  /** Findings were stored: `results.json` is written (and the run counted). */
  #entriesChanged = false;
  /** `keys.json` as read: `null` when missing or not whole, `undefined` until first asked for. */
  #keys: KeySnapshot | null | undefined;
  /** What this run leaves for the next in `keys.json`, worked out when saving (`undefined`: nothing new). */
  #nextKeys: (() => KeySnapshot | undefined) | undefined;
  /** The groups of keys this run touched or looked up (see `lookedUpGroup`), as the file keeps them. */
  readonly #groupMarks = new Map<string, [number, number]>();

  constructor(folder: string, version: string) {
    this.#folder = folder;
    this.file = path.join(folder, 'results.json');
    this.#version = version;
    this.#stored = readStored(this.file, version);
    this.#run = (this.#stored?.run ?? 0) + 1;
  }

  /** The findings stored under a key, marked as used by this run; `undefined` on a miss. */
  get(key: string): CachedFinding[] | undefined {
    // Marked used, but not a reason to write: a run that only reads leaves the file (and the run count) as it was.
    const own = this.#entries.get(key);
    if (own) {
      own[0] = this.#run;
      if (own[2] !== undefined) this.#markUsed(own[2]);
      return own[1];
    }
    const stored = this.#stored;
    const index = this.#indexOf(key);
    const list = index === -1 ? undefined : this.#storedList(index);
    if (!stored || !list) return undefined;
    stored.used[index] = this.#run;
    if (stored.linked[index]) this.#markUsed(stored.linked[index]);
    return list;
  }

  /** Marks the entry of a key as used by this run, if there is one. */
  #markUsed(key: string): void {
    const own = this.#entries.get(key);
    if (own) {
      own[0] = this.#run;
      return;
    }
    const index = this.#indexOf(key);
    if (index !== -1) this.#stored!.used[index] = this.#run;
  }

  /** The index of a key in the file's sorted keys, by binary search; -1 when the file has no such key. */
  #indexOf(key: string): number {
    const keys = this.#stored?.keys;
    if (!keys) return -1;
    let low = 0;
    let high = keys.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const probe = keys[middle]!;
      if (probe === key) return middle;
      if (probe < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The findings of the file's entry at an index, parsed when first asked for (most runs ask for a
   * fraction of the lists); `undefined` for an entry of the wrong shape, or one whose list is not
   * a list, which is a miss.
   */
  #storedList(index: number): CachedFinding[] | undefined {
    const stored = this.#stored!;
    if (!isWholeEntry(stored, index)) return undefined;
    const found = stored.found[index]!;
    if (found === -1) return this.#none;
    let list = this.#parsed.get(found);
    if (list === undefined) {
      const text = stored.lists[found]!;
      try {
        const parsed: unknown = JSON.parse(text);
        list = Array.isArray(parsed) && parsed.length > 0 ? (parsed as CachedFinding[]) : null;
      } catch {
        list = null;
      }
      if (list) this.#listTexts.set(list, text);
      this.#parsed.set(found, list);
    }
    return list ?? undefined;
  }

  /**
   * Stores the findings computed for a key; with `linked`, the key of an entry (another key
   * of the same findings) that a later `get` of this key keeps alive too.
   */
  set(key: string, findings: CachedFinding[], linked?: string): void {
    const own = ownString(key);
    this.#entries.set(own, linked === undefined ? [this.#run, findings] : [this.#run, findings, ownString(linked)]);
    this.#entriesChanged = true;
  }

  /**
   * This run looked up every key of a group that it needed (a rule's key of each of its input
   * files, all starting with the group's name): while later runs touch the group, the entries this
   * run used stay, and those of the group it did not use (of contents since changed) are dropped
   * as any unused entry is.
   */
  lookedUpGroup(group: string): void {
    this.#groupMarks.set(group, [this.#run, this.#run]);
  }

  /**
   * This run would have looked up the same keys of a group as the last run that looked them all up
   * (a rule whose inputs are unchanged since, its findings recalled whole): those entries are used,
   * without a lookup of each. Like `get`, a mark, not a reason to write the file.
   */
  touchGroup(group: string): void {
    const marks = this.#groupMarks.get(group) ?? this.#stored?.groups[group];
    if (marks) this.#groupMarks.set(group, [this.#run, marks[1]]);
  }

  /** What the keys of the last run that saved one started from (`keys.json`), if it is whole. */
  get keys(): KeySnapshot | undefined {
    // `null` (none, or not whole) is an answer too: the file is read once either way.
    if (this.#keys === undefined) this.#keys = parseKeys(readJson(path.join(this.#folder, 'keys.json'), this.#version));
    return this.#keys ?? undefined;
  }

  /** What this run's keys started from, for the next run (`keys`): worked out when saving, written unless `undefined`. */
  keepKeys(snapshot: () => KeySnapshot | undefined): void {
    this.#nextKeys = snapshot;
  }

  recall(kind: string, contentId: string): unknown {
    const group = this.#group(kind, contentId);
    const values = group.kinds.get(kind);
    const entry = values && Object.hasOwn(values, contentId) ? values[contentId] : undefined;
    // An entry of another shape is a miss, computed and remembered again.
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'number') return undefined;
    if (entry[0] <= this.#run - REFRESH_DERIVED_RUNS) group.stale = true;
    entry[0] = this.#run;
    return entry[1];
  }

  remember(kind: string, contentId: string, value: unknown): void {
    const group = this.#group(kind, contentId);
    let values = group.kinds.get(kind);
    if (!values) {
      values = Object.create(null) as Record<string, unknown>;
      group.kinds.set(kind, values);
    }
    // Defined, not assigned: an id such as `__proto__` is an entry like any other.
    Object.defineProperty(values, contentId, {
      value: [this.#run, value],
      writable: true,
      enumerable: true,
      configurable: true,
    });
    group.changed = true;
  }

  /** The group of a memo kind's value for a content id, read from its file on first use. */
  #group(kind: string, contentId: string): DerivedGroup {
    const name = groupOf(kind, contentId);
    let group = this.#groups.get(name);
    if (!group) {
      const file = path.join(this.#folder, `derived-${name}.json`);
      const stored = readGroup(file, this.#version);
      const kinds = new Map(Object.entries(stored?.derived ?? {}));
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
    if (this.#entriesChanged && !this.#write(this.file, this.#merged())) return;
    const keys = this.#nextKeys?.();
    if (keys) this.#write(path.join(this.#folder, 'keys.json'), { format: FORMAT, version: this.#version, ...keys });
    for (const group of groups) {
      const derived: StoredGroup['derived'] = {};
      for (const [kind, values] of group.kinds) {
        const live = Object.entries(values).filter(
          ([, entry]) =>
            Array.isArray(entry) &&
            entry.length === 2 &&
            typeof entry[0] === 'number' &&
            entry[0] > this.#run - KEEP_DERIVED_RUNS,
        );
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

  /**
   * `results.json` as this run leaves it: the file's entries this run did not store again, while
   * recent and whole, and this run's, merged in key order; each list of findings once.
   */
  #merged(): StoredFile {
    const out: StoredFile = {
      format: FORMAT,
      version: this.#version,
      run: this.#run,
      keys: [],
      used: [],
      found: [],
      linked: [],
      lists: [],
      groups: {},
    };
    const listIndexes = new Map<string, number>();
    const emit = (key: string, used: number, text: string | undefined, linked: string) => {
      let found = -1;
      if (text !== undefined) {
        found = listIndexes.get(text) ?? out.lists.length;
        if (found === out.lists.length) {
          listIndexes.set(text, found);
          out.lists.push(text);
        }
      }
      out.keys.push(key);
      out.used.push(used);
      out.found.push(found);
      out.linked.push(linked);
    };
    const recent = (used: number) => used > this.#run - KEEP_RUNS;
    // The groups a recent run touched, with this run's marks; an entry of one is used while the group
    // is, if the group's last full lookup used it.
    const groups = new Map<string, [number, number]>();
    for (const [group, marks] of Object.entries(this.#stored?.groups ?? {}))
      if (recent(marks[0])) groups.set(group, marks);
    for (const [group, marks] of this.#groupMarks) groups.set(group, marks);
    for (const [group, marks] of groups) out.groups[group] = marks;
    const inUsedGroup = (key: string, used: number) => {
      const marks = groups.get(key.slice(0, GROUP_KEY_CHARS));
      return marks !== undefined && used >= marks[1];
    };
    // Array's default order compares UTF-16 code units, as `<` does in the binary search.
    const fresh = [...this.#entries.keys()].filter((key) => recent(this.#entries.get(key)![0])).sort();
    const stored = this.#stored;
    const storedCount = stored?.keys.length ?? 0;
    // An entry kept by its group keeps the entry it links to, as using it would.
    const keptByLink = new Set<string>();
    for (let index = 0; index < storedCount; index++) {
      const linked = stored!.linked[index];
      if (linked && !recent(stored!.used[index]!) && inUsedGroup(stored!.keys[index]!, stored!.used[index]!))
        keptByLink.add(linked);
    }
    let next = 0;
    for (let index = 0; index <= storedCount; index++) {
      const key = index < storedCount ? stored!.keys[index]! : undefined;
      // This run's keys that sort before the file's next key, then the file's key unless this run stored it again.
      for (; next < fresh.length && (key === undefined || fresh[next]! <= key); next++) {
        const [used, list, linked] = this.#entries.get(fresh[next]!)!;
        emit(fresh[next]!, used, list.length ? this.#listText(list) : undefined, linked ?? '');
      }
      if (key === undefined || this.#entries.has(key) || !isWholeEntry(stored!, index)) continue;
      const used = stored!.used[index]!;
      if (!recent(used) && !inUsedGroup(key, used) && !keptByLink.has(key)) continue;
      const found = stored!.found[index]!;
      emit(key, stored!.used[index]!, found === -1 ? undefined : stored!.lists[found], stored!.linked[index]!);
    }
    return out;
  }

  /** The JSON text a list of findings is stored as. */
  #listText(list: CachedFinding[]): string {
    let text = this.#listTexts.get(list);
    if (text === undefined) {
      text = JSON.stringify(list);
      this.#listTexts.set(list, text);
    }
    return text;
  }

  /** Writes one file of the cache through a fresh temporary file renamed into place; false when it cannot. */
  #write(
    file: string,
    content: StoredFile | StoredGroup | (KeySnapshot & { format: number; version: string }),
  ): boolean {
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

/**
 * A string of its own: a key cut from a longer string (a prefix of a digest's hex) is a slice
 * that keeps the whole longer string alive (a third of what the entries of a cold run at 10x
 * held, 4.8 of 14 MB); a copy holds its own characters only.
 */
function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
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

/** `keys.json`'s snapshot (as `readJson` read it) when it is whole; `null` for anything else. */
function parseKeys(stored: Record<string, unknown> | undefined): KeySnapshot | null {
  if (!stored) return null;
  const { common, schemas, schemaFiles, day, files, ids, rules } = stored;
  const strings = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (typeof common !== 'string' || typeof day !== 'string' || (schemas !== null && typeof schemas !== 'string'))
    return null;
  if (!strings(files) || !strings(ids) || files.length !== ids.length) return null;
  if (
    schemaFiles !== null &&
    !(
      Array.isArray(schemaFiles) &&
      schemaFiles.every((index) => Number.isInteger(index) && index >= 0 && index < files.length)
    )
  )
    return null;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return null;
  for (const entry of Object.values(rules)) if (!strings(entry) || entry.length !== 2) return null;
  return {
    common,
    schemas,
    schemaFiles: schemaFiles as number[] | null,
    day,
    files,
    ids,
    rules: rules as KeySnapshot['rules'],
  };
}

/**
 * `results.json` when its columns are whole: of one length, the keys sorted strings each once,
 * the lists strings. An entry of the wrong shape is a miss when asked for (`isWholeEntry`).
 */
function readStored(file: string, version: string): StoredFile | undefined {
  const stored = readJson(file, version);
  if (!stored || typeof stored.run !== 'number') return undefined;
  const { keys, used, found, linked, lists, groups } = stored;
  if (!Array.isArray(keys) || !Array.isArray(lists) || !lists.every((list) => typeof list === 'string'))
    return undefined;
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) return undefined;
  for (const marks of Object.values(groups))
    if (!Array.isArray(marks) || marks.length !== 2 || !marks.every((mark) => typeof mark === 'number'))
      return undefined;
  for (const column of [used, found, linked])
    if (!Array.isArray(column) || column.length !== keys.length) return undefined;
  for (let index = 0; index < keys.length; index++)
    if (typeof keys[index] !== 'string' || (index > 0 && !(keys[index - 1] < keys[index]))) return undefined;
  return stored as unknown as StoredFile;
}

/** Whether the file's entry at an index has the shape of one: a run that used it, a list the file holds or none, a linked key. */
function isWholeEntry(stored: StoredFile, index: number): boolean {
  const found = stored.found[index];
  return (
    typeof stored.used[index] === 'number' &&
    typeof stored.linked[index] === 'string' &&
    Number.isInteger(found) &&
    found! >= -1 &&
    found! < stored.lists.length
  );
}

function readGroup(file: string, version: string): StoredGroup | undefined {
  const stored = readJson(file, version);
  if (!stored || typeof stored.derived !== 'object' || stored.derived === null) return undefined;
  // Each entry is checked when recalled (`recall`): a run reads a few of thousands.
  for (const values of Object.values(stored.derived))
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  return stored as unknown as StoredGroup;
}
