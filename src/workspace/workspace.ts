import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { dropOldest, setBounded } from '../bounded-map.js';
import { loadPackage } from '../load-package.js';
import { contentIdOf, type FileEntry, type FileSource, gitBlobId } from './file-source.js';
import { JsonDocument } from './json-document.js';
import { LineIndex } from './line-index.js';
import { type MarkdownReading, parseMarkdown } from './markdown-document.js';
import { decodeUtf8, type EncodingProblem } from './text-decoding.js';
import { parseToml, type TomlDocument } from './toml-document.js';
import { parseYamlDocuments, YamlDocument } from './yaml-document.js';

/** picomatch, loaded on first glob. */
export function picomatch(): typeof import('picomatch') {
  return loadPackage('picomatch');
}

/**
 * Files larger than this are not read whole (they can still be streamed for hashing): 512 MiB,
 * or V8's longest string when that is shorter (2^29 - 24 characters on 64-bit Node), so any
 * file read decodes to a string V8 can hold.
 */
export const MAX_READ_BYTES = Math.min(512 * 1024 * 1024, constants.MAX_STRING_LENGTH);

/** Why a file's text could not be had. */
export type TextProblem = ({ kind: 'encoding' } & EncodingProblem) | { kind: 'unreadable'; message: string };

/** A file's text, or why there is none. */
export type TextResult = { ok: true; text: string } | { ok: false; problem: TextProblem };

/** Options of a workspace. */
export interface WorkspaceOptions {
  /** Globs of files left out of the index entirely. */
  ignore?: readonly string[];
}

/** Characters that make a path segment of a glob a pattern rather than a name. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/**
 * The folder every path a glob matches lies in (or is): its leading segments up to the first
 * one with glob syntax, `''` when there is none (or the glob is negated, or starts with `.`).
 */
export function literalFolder(glob: string): string {
  const folders = glob.split('/').slice(0, -1);
  const literal: string[] = [];
  for (const part of folders) {
    if (part === '' || part === '.' || part === '..' || GLOB_SYNTAX.test(part)) break;
    literal.push(part);
  }
  return literal.join('/');
}

/** True when a glob is a path that matches itself only: no glob syntax, no empty, `.` or `..` segment. */
function isPlainPath(glob: string): boolean {
  return !GLOB_SYNTAX.test(glob) && glob.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The memo kind of "the content id of the file with this path and stamp". */
const STAMPED_CONTENT_ID = 'stamped-content-id-1';

/**
 * Values derived from one file's content alone, kept between runs (the result cache) by
 * content id: a changed file has a new id, so what is recalled is never stale.
 */
export interface ContentMemo {
  /** The value remembered for `kind` and a content id, or `undefined`. */
  recall(kind: string, contentId: string): unknown;
  /** Remembers a value (plain JSON data) for `kind` and a content id (or another digest of the content). */
  remember(kind: string, contentId: string, value: unknown): void;
}

/**
 * A predicate for a glob list that matches what `picomatch(globs, { dot: true })` matches: a
 * path equal to a glob, or one its regular expression accepts. Testing the expressions
 * directly spares picomatch's result object per test, which was most of matching's time.
 */
function globListMatcher(globs: readonly string[]): (file: string) => boolean {
  const expressions = globs.map((glob) => ({ glob, regex: picomatch().makeRe(glob, { dot: true }) }));
  return (file) => file !== '' && expressions.some(({ glob, regex }) => file === glob || regex.test(file));
}

/**
 * Glob lists compiled to predicates, for every run of the process: a predicate depends on its
 * globs alone, and a process that checks many times (the library API, the test suite) would
 * otherwise compile the same configuration's globs once per run.
 */
const compiledGlobs = new Map<string, (file: string) => boolean>();
const KEPT_GLOB_LISTS = 1_000;

/** What `contentKey` holds for a file that cannot be read: why. */
function unreadableKey(error: unknown): string {
  return `unreadable:${error instanceof Error ? error.message : String(error)}`;
}

/** The predicate of a glob list (`globListMatcher`), compiled once per process (`compiledGlobs`). */
function processMatcher(globs: readonly string[], key = globs.join('\u0000')): (file: string) => boolean {
  let matcher = compiledGlobs.get(key);
  if (!matcher) {
    matcher = globListMatcher(globs);
    setBounded(compiledGlobs, key, matcher, KEPT_GLOB_LISTS);
  }
  return matcher;
}

/**
 * Values derived from content that every run of this process shares (`keepDerivedValues`),
 * by kind and content id, oldest first out: off (no entries kept) until a process that
 * checks many times turns it on.
 */
const processDerived = new Map<string, unknown>();
let processDerivedLimit = 0;

/**
 * Keeps up to `entries` values derived from file content (page outlines, generated regions)
 * in this process, so that a run meeting content an earlier run of the process derived
 * from recalls the value instead of parsing again; 0 turns it off and forgets them. For a
 * process that checks many times (the library API, the test suite): a value depends on its
 * content and its kind alone, as in the result cache. A run's own memo still comes first.
 */
export function keepDerivedValues(entries: number): void {
  processDerivedLimit = Math.max(0, entries);
  dropOldest(processDerived, processDerivedLimit);
}

/** Whether this process keeps derived values (`keepDerivedValues`); what else it may keep between runs follows it. */
export function keepsDerivedValues(): boolean {
  return processDerivedLimit > 0;
}

/**
 * The repository as rules see it: one file index, each file's text read at most once, parsed
 * on demand and cached (JSON with pointer positions, YAML, Markdown). Nothing outside
 * the index is read, so nothing outside the root is either.
 */
export class Workspace {
  readonly source: FileSource;
  readonly #entries: FileEntry[];
  readonly #files: string[];
  readonly #fileSet: Set<string>;
  #directories: Set<string> | undefined;
  /** Bytes asked for as bytes; a file read for its text keeps only the text. */
  readonly #bytes = new Map<string, Buffer | Error>();
  readonly #read = new Set<string>();
  readonly #texts = new Map<string, TextResult>();
  readonly #json = new Map<string, JsonDocument | undefined>();
  readonly #yaml = new Map<string, YamlDocument | undefined>();
  readonly #yamlStreams = new Map<string, YamlDocument[] | undefined>();
  readonly #toml = new Map<string, Promise<TomlDocument | undefined>>();
  readonly #lines = new Map<string, LineIndex>();
  readonly #matchers = new Map<string, (file: string) => boolean>();
  /** Content ids computed, or why a file has none (asked again, it is not read again). */
  readonly #contentIds = new Map<string, string | Error>();
  /** Files each glob list matched, so rules and the cache that ask for the same list filter once. */
  readonly #matched = new Map<string, string[]>();
  /** The indexes in `files` of each list `match` handed out. */
  readonly #matchedIndexes = new WeakMap<readonly string[], Uint32Array>();
  /** `contentKey` by index in `files`, as `contentKeyAt` worked it out. */
  readonly #contentKeysAt: (string | undefined)[] = [];
  /** Values of JSON files `JSON.parse` accepted, parsed without positions. */
  readonly #jsonValues = new Map<string, { value: unknown }>();
  /** Indexes of the files each single glob matches. */
  readonly #matchedOne = new Map<string, readonly number[]>();
  /** Each file's index in `files`, for globs that are plain paths. */
  #fileIndexes: Map<string, number> | undefined;
  /** Where values derived from content alone are kept between runs (`derived`); none unless a run has a cache. */
  memo: ContentMemo | undefined;
  /** Memo kinds this workspace has asked its memo for: their values are at hand (`recallAtHand`). */
  readonly #kindsAsked = new Set<string>();
  /** Readings of a page's tree made beside another reader's and not yet taken (`readMarkdown`), by kind and file. */
  readonly #readingsAside = new Map<string, { text: string; reading: Promise<unknown> }>();

  constructor(source: FileSource, options: WorkspaceOptions = {}) {
    this.source = source;
    const ignore = [...(options.ignore ?? [])];
    // Compiled once per process: a change check opens two workspaces with the same ignore list.
    const ignored = ignore.length ? processMatcher(ignore) : undefined;
    this.#entries = source.list().filter((e) => !ignored?.(e.path));
    this.#files = this.#entries.filter((e) => !e.escapes && !e.unreadable).map((e) => e.path);
    this.#fileSet = new Set(this.#files);
  }

  /** Every readable file of the index, sorted. */
  get files(): readonly string[] {
    return this.#files;
  }

  /** Symlinks whose target leaves the root: listed so they can be reported, never read. */
  get escapingLinks(): readonly FileEntry[] {
    return this.#entries.filter((e) => e.escapes);
  }

  /** FIFOs, devices, sockets and folders that cannot be listed: listed so they can be reported, never read. */
  get unreadableEntries(): readonly FileEntry[] {
    return this.#entries.filter((e) => e.unreadable);
  }

  /** How many files were read from the source so far. */
  get readCount(): number {
    return this.#read.size;
  }

  /** True when `file` is a readable file of the index. */
  hasFile(file: string): boolean {
    return this.#fileSet.has(file);
  }

  /** True when some indexed file lies under `dir` (with or without a trailing `/`). */
  hasDirectory(dir: string): boolean {
    if (!this.#directories) {
      const dirs = new Set<string>(['']);
      for (const file of this.#files) {
        for (let i = file.indexOf('/'); i !== -1; i = file.indexOf('/', i + 1)) dirs.add(file.slice(0, i));
      }
      this.#directories = dirs;
    }
    return this.#directories.has(dir.replace(/\/+$/, ''));
  }

  /** True when `path` is a file or a directory of the index. */
  exists(path: string): boolean {
    return path.endsWith('/') ? this.hasDirectory(path) : this.hasFile(path) || this.hasDirectory(path);
  }

  /** Indexed files matching any of the globs (picomatch syntax, dotfiles included). */
  match(globs: string | readonly string[]): readonly string[] {
    const list = typeof globs === 'string' ? [globs] : globs;
    if (list.length === 0) return [];
    const key = list.join('\u0000');
    let matched = this.#matched.get(key);
    if (!matched) {
      // A list matches what any of its globs matches: each glob is matched once, whatever lists hold it.
      const hit = new Uint8Array(this.#files.length);
      for (const glob of list) for (const index of this.#matchOne(glob)) hit[index] = 1;
      const indexes: number[] = [];
      for (let index = 0; index < hit.length; index++) if (hit[index] === 1) indexes.push(index);
      matched = indexes.map((index) => this.#files[index]!);
      this.#matched.set(key, matched);
      this.#matchedIndexes.set(matched, Uint32Array.from(indexes));
    }
    return matched;
  }

  /**
   * Indexes of the files one glob matches: a plain path by looking it up (configurations list
   * each values file and contract by path, hundreds of them in a large repository), any other
   * glob by trying the files in its literal folder.
   */
  #matchOne(glob: string): readonly number[] {
    let indexes = this.#matchedOne.get(glob);
    if (!indexes && isPlainPath(glob)) {
      if (!this.#fileIndexes) this.#fileIndexes = new Map(this.#files.map((file, index) => [file, index]));
      const index = this.#fileIndexes.get(glob);
      indexes = index === undefined ? [] : [index];
      this.#matchedOne.set(glob, indexes);
    }
    if (!indexes) {
      const test = this.matcher([glob]);
      const folder = literalFolder(glob);
      const prefix = `${folder}/`;
      const found: number[] = [];
      for (let index = 0; index < this.#files.length; index++) {
        const file = this.#files[index]!;
        // A string comparison rules out most files before the glob's regular expression runs.
        if (folder !== '' && file !== folder && !file.startsWith(prefix)) continue;
        if (test(file)) found.push(index);
      }
      indexes = found;
      this.#matchedOne.set(glob, indexes);
    }
    return indexes;
  }

  /** A predicate for the globs, compiled once per distinct list. */
  matcher(globs: readonly string[]): (file: string) => boolean {
    const key = globs.join('\u0000');
    let matcher = this.#matchers.get(key);
    if (!matcher) {
      matcher = processMatcher(globs, key);
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }

  /**
   * A file's content id, git's object id of its bytes, computed once: from the bytes or the
   * text already read (valid UTF-8 encodes back to the very bytes it was decoded from), else
   * from the source (a git snapshot knows it without reading), or recalled by the file's
   * stamp. Throws, every time it is asked, when the file cannot be read.
   */
  contentId(file: string): string {
    let id = this.#contentIds.get(file);
    if (id === undefined) {
      try {
        if (!this.#fileSet.has(file)) throw new Error(`\`${file}\` is not a file of the repository`);
        id = this.#computeContentId(file);
      } catch (error) {
        id = error instanceof Error ? error : new Error(String(error));
      }
      this.#contentIds.set(file, id);
    }
    if (id instanceof Error) throw id;
    return id;
  }

  /**
   * What a cache key holds for a file's content: its content id, or for a file that cannot be
   * read, why (`unreadable:` and the reason); either way a value that changes when the file does.
   */
  contentKey(file: string): string {
    try {
      return this.contentId(file);
    } catch (error) {
      return unreadableKey(error);
    }
  }

  /** The index in `files` of each file of a list `match` handed out (`undefined` for any other list). */
  indexesOf(list: readonly string[]): Uint32Array | undefined {
    return this.#matchedIndexes.get(list);
  }

  /** `contentKey` of the file at an index of `files`, kept by index: a long list is read without a lookup by name per file. */
  contentKeyAt(index: number): string {
    let key = this.#contentKeysAt[index];
    if (key === undefined) {
      key = this.contentKey(this.#files[index]!);
      this.#contentKeysAt[index] = key;
    }
    return key;
  }

  /** `contentKey` when this run already worked it out, else `undefined` (nothing is read). */
  knownContentKey(file: string): string | undefined {
    const id = this.#contentIds.get(file);
    return id instanceof Error ? unreadableKey(id) : id;
  }

  /**
   * A value derived from one file's content alone: recalled from an earlier run with the
   * same content when the run has a memo, else computed (and remembered). `kind` names the
   * derivation and everything else it depends on (a limit, an option); `compute` returns
   * plain JSON data.
   */
  async derived<T>(kind: string, file: string, compute: () => T | Promise<T>): Promise<T> {
    const memo = this.#memoFor(kind, file);
    return memo.recalled !== undefined ? (memo.recalled as T) : memo.keep(await compute());
  }

  /** `derived` for a computation that needs no waiting. */
  derivedNow<T>(kind: string, file: string, compute: () => T): T {
    const memo = this.#memoFor(kind, file);
    return memo.recalled !== undefined ? (memo.recalled as T) : memo.keep(compute());
  }

  /**
   * The value `derived` would recall for `kind` and a file, only when it is at hand: in the
   * process's memo, or in the run's for a kind this run asked it for already (a kind's
   * values may be a large file, read on the first question). Never computes, never keeps.
   */
  recallAtHand(kind: string, file: string): unknown {
    const memo = this.#kindsAsked.has(kind) ? this.memo : undefined;
    const shared = processDerivedLimit > 0 && this.#readAlready(file);
    if (!memo && !shared) return undefined;
    let id: string;
    try {
      id = this.contentId(file);
    } catch {
      return undefined;
    }
    return memo?.recall(kind, id) ?? (shared ? processDerived.get(`${kind}\0${id}`) : undefined);
  }

  /**
   * What the run's memo, else the process's (`keepDerivedValues`), holds for `kind` and a
   * file's content, and how to keep a value in both (nothing without either or an id).
   */
  #memoFor(kind: string, file: string): { recalled: unknown; keep<T>(value: T): T } {
    // The process's memo is a saving only for content already read: its id would cost a read of its own.
    const shared = processDerivedLimit > 0 && (this.memo !== undefined || this.#readAlready(file));
    let id: string | undefined;
    try {
      id = this.memo || shared ? this.contentId(file) : undefined;
    } catch {
      id = undefined;
    }
    if (id === undefined) return { recalled: undefined, keep: (value) => value };
    return this.#memoById(kind, id, shared);
  }

  /**
   * `derivedNow` for a value derived from a piece of text alone, not a whole file (a page's
   * front matter): kept under the text's digest, so an edit elsewhere in the file recalls it.
   */
  derivedFromText<T>(kind: string, text: string, compute: () => T): T {
    const id = createHash('sha256').update(text).digest('hex');
    const memo = this.#memoById(kind, id, processDerivedLimit > 0);
    return memo.recalled !== undefined ? (memo.recalled as T) : memo.keep(compute());
  }

  /** The run's memo, else the process's (when `shared`), for `kind` and a content id, and how to keep a value in both. */
  #memoById(kind: string, id: string, shared: boolean): { recalled: unknown; keep<T>(value: T): T } {
    const memo = this.memo;
    if (memo) this.#kindsAsked.add(kind);
    const key = `${kind}\0${id}`;
    const recalled = memo?.recall(kind, id);
    if (recalled !== undefined) return { recalled, keep: (value) => value };
    const kept = shared ? processDerived.get(key) : undefined;
    // A value this process derived before goes into the run's memo too, as if derived now.
    if (kept !== undefined) memo?.remember(kind, id, kept);
    return {
      recalled: kept,
      keep: (value) => {
        memo?.remember(kind, id, value);
        if (shared) setBounded(processDerived, key, value, processDerivedLimit);
        return value;
      },
    };
  }

  /**
   * What `reading` reads from a file's Markdown tree, its text (`text`, the file's) parsed at
   * most once in this run for all its readers: a reading made beside an earlier reader's is
   * handed over (and forgotten) instead of parsing again, and the `alongside` readings, which
   * a later reader of this run will ask for, are made from the same tree now and set aside
   * until it does. Readings, not trees, are kept: a tree takes 8 to 50 bytes per character
   * of its page, and the readers of one page can be a whole run apart. Each reader applies
   * its own limits before asking; a parse that fails fails the same way for every reader.
   */
  readMarkdown<T>(
    file: string,
    text: string,
    reading: MarkdownReading<T>,
    alongside: readonly MarkdownReading<unknown>[] = [],
  ): Promise<T> {
    const key = `${reading.kind}\0${file}`;
    const aside = this.#readingsAside.get(key);
    if (aside?.text === text) {
      this.#readingsAside.delete(key);
      return aside.reading as Promise<T>;
    }
    const document = parseMarkdown(text);
    for (const other of alongside) {
      // Set aside before the parse ends, so that a reader asking meanwhile waits for this parse too.
      const made = document.then((parsed) => other.read(parsed));
      // A failure is the taker's to handle, when one comes; until then it is no unhandled rejection.
      made.catch(() => undefined);
      this.#readingsAside.set(`${other.kind}\0${file}`, { text, reading: made });
    }
    return document.then((parsed) => reading.read(parsed));
  }

  /** The bytes of an indexed file, read once; `undefined` when absent or unreadable. */
  bytes(file: string): Buffer | undefined {
    let result = this.#bytes.get(file);
    if (result === undefined) {
      result = this.#readBytes(file);
      this.#bytes.set(file, result);
    }
    return result instanceof Error ? undefined : result;
  }

  /** The size of an indexed file without reading it. */
  size(file: string): number | undefined {
    if (!this.#fileSet.has(file)) return undefined;
    try {
      return this.source.size(file);
    } catch {
      return undefined;
    }
  }

  /** Feeds an indexed file to `consume` in chunks without keeping it in memory; false when unreadable. */
  stream(file: string, consume: (chunk: Buffer) => void): boolean {
    if (!this.#fileSet.has(file)) return false;
    const cached = this.#bytes.get(file);
    if (cached instanceof Buffer) {
      consume(cached);
      return true;
    }
    try {
      this.source.stream(file, consume);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The UTF-8 text of an indexed file, or the reason there is none, read once. Its bytes
   * are not kept beside the text: a run reads most files as text only, and the text is
   * what stays for the run.
   */
  text(file: string): TextResult {
    let result = this.#texts.get(file);
    if (!result) {
      const bytes = this.#bytes.get(file) ?? this.#readBytes(file);
      if (bytes instanceof Error) {
        result = { ok: false, problem: { kind: 'unreadable', message: bytes.message } };
      } else {
        const decoded = decodeUtf8(bytes);
        result =
          'text' in decoded
            ? { ok: true, text: decoded.text }
            : { ok: false, problem: { kind: 'encoding', ...decoded.problem } };
      }
      this.#texts.set(file, result);
    }
    return result;
  }

  /** Line index of a readable text file, shared by every parser of it. */
  lines(file: string): LineIndex | undefined {
    let index = this.#lines.get(file);
    if (!index) {
      const text = this.text(file);
      if (!text.ok) return undefined;
      index = this.json(file)?.lines ?? new LineIndex(text.text);
      this.#lines.set(file, index);
    }
    return index;
  }

  /** The file parsed as JSON (with syntax problems inside the document); `undefined` when it has no text. */
  json(file: string): JsonDocument | undefined {
    if (!this.#json.has(file)) {
      const text = this.text(file);
      const document = text.ok ? new JsonDocument(text.text) : undefined;
      this.#json.set(file, document);
      // The document holds the value now: one copy, not two.
      this.#jsonValues.delete(file);
      if (document) this.#lines.set(file, document.lines);
    }
    return this.#json.get(file);
  }

  /**
   * The value of a JSON file, when it is valid JSON: `JSON.parse`'s, which is the parser's
   * (same grammar, last duplicate wins, `__proto__` an own key), found without recording
   * positions unless the file was parsed with them already or `JSON.parse` refuses it (the
   * parser then says whether a BOM is all that is wrong).
   */
  jsonValue(file: string): { value: unknown } | undefined {
    const document = this.#json.get(file);
    if (document) return document.ok ? { value: document.value } : undefined;
    let known = this.#jsonValues.get(file);
    if (known === undefined) {
      const text = this.text(file);
      if (!text.ok) return undefined;
      try {
        known = { value: JSON.parse(text.text) };
      } catch {
        // The document, kept by `json`, answers this file from now on.
        const parsed = this.json(file);
        return parsed?.ok ? { value: parsed.value } : undefined;
      }
      this.#jsonValues.set(file, known);
    }
    return known;
  }

  /** The file parsed as YAML; `undefined` when it has no text. */
  yaml(file: string): YamlDocument | undefined {
    if (!this.#yaml.has(file)) {
      const text = this.text(file);
      const document = text.ok ? new YamlDocument(text.text) : undefined;
      this.#yaml.set(file, document);
      if (document && !this.#lines.has(file)) this.#lines.set(file, document.lines);
    }
    return this.#yaml.get(file);
  }

  /** The file parsed as a YAML stream, one entry per document (`---`); `undefined` when it has no text. */
  yamlDocuments(file: string): YamlDocument[] | undefined {
    if (!this.#yamlStreams.has(file)) {
      const text = this.text(file);
      const documents = text.ok ? parseYamlDocuments(text.text) : undefined;
      this.#yamlStreams.set(file, documents);
      if (documents?.[0] && !this.#lines.has(file)) this.#lines.set(file, documents[0].lines);
    }
    return this.#yamlStreams.get(file);
  }

  /** The file parsed as TOML; `undefined` when it has no text. */
  toml(file: string): Promise<TomlDocument | undefined> {
    let pending = this.#toml.get(file);
    if (!pending) {
      const text = this.text(file);
      pending = text.ok
        ? parseToml(text.text).then((document) => {
            if (!this.#lines.has(file)) this.#lines.set(file, document.lines);
            return document;
          })
        : Promise.resolve(undefined);
      this.#toml.set(file, pending);
    }
    return pending;
  }

  /**
   * A file's content id from bytes already read, else from the source; with a memo, a file
   * whose stamp is the one an earlier run hashed has that run's id, so a warm run reads no
   * file whose metadata is unchanged.
   */
  #computeContentId(file: string): string {
    // A git snapshot's listing has every id: cheaper than hashing again bytes at hand.
    if (this.source.listsContentIds) return this.source.contentId!(file);
    const stamp = this.memo ? this.source.stamp?.(file) : undefined;
    const key = stamp === undefined ? undefined : `${file}\0${stamp}`;
    if (key !== undefined) {
      const recalled = this.memo!.recall(STAMPED_CONTENT_ID, key);
      if (typeof recalled === 'string') return recalled;
    }
    // Bytes (or text) already read hash to the id the source would give: no second read.
    const bytes = this.#bytesAtHand(file);
    const id = bytes ? gitBlobId(bytes) : contentIdOf(this.source, file);
    if (key !== undefined) this.memo!.remember(STAMPED_CONTENT_ID, key, id);
    return id;
  }

  /** True when the file's content id, bytes or text are at hand. */
  #readAlready(file: string): boolean {
    return this.#contentIds.has(file) || this.#bytes.get(file) instanceof Buffer || this.#texts.get(file)?.ok === true;
  }

  /** The bytes of a file already read, as bytes or as text, without reading it again. */
  #bytesAtHand(file: string): Buffer | undefined {
    const bytes = this.#bytes.get(file);
    if (bytes instanceof Buffer) return bytes;
    const text = this.#texts.get(file);
    return text?.ok ? Buffer.from(text.text, 'utf8') : undefined;
  }

  #readBytes(file: string): Buffer | Error {
    if (!this.#fileSet.has(file)) return new Error(`\`${file}\` is not a file of the repository`);
    this.#read.add(file);
    try {
      const size = this.source.size(file);
      return size > MAX_READ_BYTES
        ? new Error(`\`${file}\` is too large to read (${size} bytes)`)
        : this.source.read(file);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}
