import { createHash } from 'node:crypto';
import {
  closeSync,
  type Dirent,
  fstatSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { compareText } from '../compare-text.js';
import { loadPackage } from '../load-package.js';
import { runGit } from './git.js';
import { openRegularFile, ReadRefusedError } from './regular-file.js';

/** What the listing holds at a path that is never read: a FIFO, device or socket, or a folder it could not list. */
export type UnreadableEntry = { kind: 'fifo' | 'device' | 'socket' } | { kind: 'folder'; reason: string };

/** One file of the index; a symlink that leaves the root, and anything that is not a regular file, are listed but never read. */
export interface FileEntry {
  path: string;
  /**
   * Set for a symlink whose target is outside the root, dangling or a loop (`target` is its
   * link text), or a file whose folder is a link out of the root (`folder` is that folder):
   * it is reported, never followed.
   */
  escapes?: { target: string; dangling?: boolean; loop?: boolean; folder?: string };
  /** Set for what cannot be read as a file; `path` ends with `/` for a folder. */
  unreadable?: UnreadableEntry;
}

/**
 * Where a workspace's files come from: the disk under a root, or an in-memory tree
 * (tests, rule examples). Paths are root-relative with forward slashes.
 */
export interface FileSource {
  /** Absolute root on disk, or a label for in-memory trees. */
  readonly root: string;
  /** Every file, sorted by path. */
  list(): FileEntry[];
  /** The bytes of an indexed, readable file; throws on I/O errors. */
  read(file: string): Buffer;
  /** Size in bytes of an indexed, readable file. */
  size(file: string): number;
  /** Feeds the file to `consume` in chunks, so memory stays flat however large it is. */
  stream(file: string, consume: (chunk: Buffer) => void): void;
  /**
   * The git object id of the file's content, when the source has a faster way than
   * `size` then `stream` (a git snapshot knows it without reading; the disk opens the file once).
   */
  contentId?(file: string): string;
  /** True when `contentId` reads nothing (a git snapshot lists every file's id): asked before hashing bytes at hand. */
  readonly listsContentIds?: boolean;
  /**
   * What the file's metadata was when it was listed (size, times, inode), when it had not
   * changed for a while by then: equal stamps mean equal content, as git's index assumes.
   * `undefined` for a file changed just before the listing, whose content may still change
   * within the filesystem's time resolution without changing its stamp.
   */
  stamp?(file: string): string | undefined;
}

/** How long a file must have been left unchanged before the listing for its stamp to stand for its content. */
const SETTLED_MS = 2000;

/** The git blob id of some bytes (`sha1("blob <size>\0" + bytes)`): the same id git gives them. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The content id of a readable file: git's object id, from the source when it has it, else hashed from its bytes. */
export function contentIdOf(source: FileSource, file: string): string {
  if (source.contentId) return source.contentId(file);
  // Streamed, so hashing a large evidence tarball never holds it in memory.
  const hash = createHash('sha1').update(`blob ${source.size(file)}\0`);
  source.stream(file, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}

/** How much of a large file `stream` holds at a time. */
const STREAM_CHUNK = 1 << 20;

/** Feeds an open file of `size` bytes to `consume`: a small one in one read of its size, a large one a chunk at a time. */
function feed(fd: number, size: number, consume: (chunk: Buffer) => void): void {
  if (size <= STREAM_CHUNK) {
    consume(readFileSync(fd));
    return;
  }
  const chunk = Buffer.allocUnsafe(STREAM_CHUNK);
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    consume(chunk.subarray(0, n));
  }
}

/** A folder's entries, as `readdirSync` gives them with types. */
type ReadDirectory = (absolute: string) => Dirent[];

/** Options of a `DiskSource`. */
export interface DiskSourceOptions {
  /** How a folder is listed when the root is not a git checkout (tests inject failures here). */
  readDirectory?: ReadDirectory;
  /** The time in milliseconds, `Date.now` unless a test moves it. */
  clock?: () => number;
}

/**
 * Files of a directory on disk: git's index when the root is inside a git checkout
 * (so .gitignore is honoured), a walk that never follows links otherwise. `ignore` only
 * prunes the walk; the workspace applies it to either list. Only regular files whose real
 * path lies inside the root are ever read; a FIFO, device, socket or a folder that cannot
 * be listed is an entry of the listing, reported and never opened.
 */
export class DiskSource implements FileSource {
  readonly root: string;
  readonly #ignore: string[];
  readonly #readDirectory: ReadDirectory;
  readonly #clock: () => number;
  /** Stamps of the regular files listed, for those that had settled. */
  readonly #stamps = new Map<string, string>();
  /** Real paths of the folders files were listed in, so each is resolved once. */
  readonly #folderRealPaths = new Map<string, string | undefined>();
  /** For each folder, the outermost folder on its way whose real path leaves the root, or `null`. */
  readonly #folderEscapes = new Map<string, { folder: string; target: string } | null>();

  constructor(root: string, ignore: string[] = [], options: DiskSourceOptions = {}) {
    this.root = realpathSync(root);
    this.#ignore = ignore;
    this.#readDirectory = options.readDirectory ?? ((absolute) => readdirSync(absolute, { withFileTypes: true }));
    this.#clock = options.clock ?? Date.now;
  }

  list(): FileEntry[] {
    const entries: FileEntry[] = [];
    // Taken before any file is looked at: a file changed after it has a later ctime, so a new stamp.
    const settled = this.#clock() - SETTLED_MS;
    const listed = this.#gitFiles() ?? this.#walk();
    for (const folder of listed.unlistable) entries.push({ path: `${folder.path}/`, unreadable: folder.unreadable });
    for (const file of listed.files) {
      const absolute = path.join(this.root, file);
      let stat: ReturnType<typeof lstatSync>;
      try {
        stat = lstatSync(absolute);
      } catch {
        continue; // tracked by git but deleted in the working tree
      }
      const folder = this.#escapingFolder(file);
      if (folder !== undefined) {
        entries.push({ path: file, escapes: { target: folder.target, folder: folder.folder } });
      } else if (stat.isSymbolicLink()) {
        const escapes = this.#escapingTarget(absolute);
        if (escapes === null) continue; // points at a directory inside the root
        entries.push(escapes ? { path: file, escapes } : { path: file });
      } else if (stat.isFile()) {
        entries.push({ path: file });
        if (stat.mtimeMs < settled && stat.ctimeMs < settled)
          this.#stamps.set(file, `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}`);
      } else if (stat.isFIFO()) {
        entries.push({ path: file, unreadable: { kind: 'fifo' } });
      } else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
        entries.push({ path: file, unreadable: { kind: 'device' } });
      } else if (stat.isSocket()) {
        entries.push({ path: file, unreadable: { kind: 'socket' } });
      }
    }
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  stamp(file: string): string | undefined {
    return this.#stamps.get(file);
  }

  read(file: string): Buffer {
    const fd = this.#open(file);
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  size(file: string): number {
    const fd = this.#open(file);
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  }

  contentId(file: string): string {
    const fd = this.#open(file);
    try {
      const size = fstatSync(fd).size;
      const hash = createHash('sha1').update(`blob ${size}\0`);
      feed(fd, size, (chunk) => hash.update(chunk));
      return hash.digest('hex');
    } finally {
      closeSync(fd);
    }
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    const fd = this.#open(file);
    try {
      feed(fd, fstatSync(fd).size, consume);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Opens a file of the root for reading: its real path (links and folders resolved) must
   * lie inside the root and name a regular file, else `ReadRefusedError`. The config file is
   * read this way before any listing, so this is the one gate, not the listing.
   */
  #open(file: string): number {
    // The folder's real path is resolved once for all its files; `O_NOFOLLOW` refuses a link as the
    // file itself, and anything unusual takes the long way below, which says what is wrong.
    const slash = file.lastIndexOf('/');
    const folder = slash === -1 ? this.root : this.#folderRealPath(file.slice(0, slash));
    if (folder !== undefined && this.#inside(folder)) {
      try {
        return openRegularFile(path.join(folder, file.slice(slash + 1)), { noFollow: true });
      } catch {
        // resolved in full below
      }
    }
    const real = realpathSync(path.join(this.root, file));
    if (!this.#inside(real)) throw new ReadRefusedError(`\`${file}\` leads outside the repository`, 'outside');
    return openRegularFile(real, { noFollow: true });
  }

  #inside(real: string): boolean {
    return real === this.root || real.startsWith(this.root + path.sep) || this.root === path.sep;
  }

  /** The outermost folder of `file` whose real path leaves the root (a tracked folder replaced by a link), with that real path. */
  #escapingFolder(file: string): { folder: string; target: string } | undefined {
    const slash = file.lastIndexOf('/');
    return slash === -1 ? undefined : (this.#folderEscape(file.slice(0, slash)) ?? undefined);
  }

  /** What `#escapingFolder` says for the files of a folder, worked out once per folder from its parent's. */
  #folderEscape(folder: string): { folder: string; target: string } | null {
    let outer = this.#folderEscapes.get(folder);
    if (outer === undefined) {
      const slash = folder.lastIndexOf('/');
      outer = slash === -1 ? null : this.#folderEscape(folder.slice(0, slash));
      if (outer === null) {
        const real = this.#folderRealPath(folder);
        if (real !== undefined && !this.#inside(real)) outer = { folder, target: real };
      }
      this.#folderEscapes.set(folder, outer);
    }
    return outer;
  }

  /**
   * The real path of a folder of the root, resolved once; `undefined` when it cannot be resolved.
   * Worked out from its parent's: a folder that is no link lies at its parent's real path and its
   * name, so one `lstat` per folder does what resolving every folder in full did (a `realpath`
   * walks each of its components), and only a link is resolved.
   */
  #folderRealPath(folder: string): string | undefined {
    if (!this.#folderRealPaths.has(folder)) {
      const slash = folder.lastIndexOf('/');
      const parent = slash === -1 ? this.root : this.#folderRealPath(folder.slice(0, slash));
      let real: string | undefined;
      if (parent !== undefined) {
        const here = path.join(parent, folder.slice(slash + 1));
        try {
          real = lstatSync(here).isSymbolicLink() ? realpathSync.native(here) : here;
        } catch {
          real = undefined;
        }
      }
      this.#folderRealPaths.set(folder, real);
    }
    return this.#folderRealPaths.get(folder);
  }

  /** `undefined` for a symlink inside the root, its link text when it leaves the root, `null` for a directory link. */
  #escapingTarget(absolute: string): FileEntry['escapes'] | null {
    const written = readlinkSync(absolute);
    let target: string;
    try {
      target = realpathSync(absolute);
    } catch (error) {
      // ELOOP: the link leads back to itself through some chain; anything else: nothing is there.
      return (error as NodeJS.ErrnoException).code === 'ELOOP'
        ? { target: written, loop: true }
        : { target: written, dangling: true };
    }
    if (!this.#inside(target)) return { target: written };
    try {
      return statSync(target).isFile() ? undefined : null;
    } catch {
      return null;
    }
  }

  #gitFiles(): ListedPaths | undefined {
    const out = runGit(this.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    if (out.status !== 0) return undefined;
    // git lists what it can and warns about each folder it cannot open, so those become entries too.
    const unlistable: ListedPaths['unlistable'] = [];
    for (const match of out.stderr.matchAll(/could not open directory '(.+?)\/?': (.+)$/gm)) {
      unlistable.push({ path: match[1]!.replace(/\/$/, ''), unreadable: { kind: 'folder', reason: match[2]!.trim() } });
    }
    return { files: [...new Set(out.stdout.toString('utf8').split('\0').filter(Boolean))], unlistable };
  }

  /**
   * Every path under the root, links not followed, `.git` and `node_modules` and the ignore
   * globs pruned. Iterative, and a folder that cannot be listed (EACCES, a name too long for
   * the system) is kept as a finding while the walk goes on.
   */
  #walk(): ListedPaths {
    const picomatch = loadPackage<typeof import('picomatch')>('picomatch');
    const ignored = picomatch(['**/.git/**', '**/node_modules/**', ...this.#ignore], { dot: true });
    const files: string[] = [];
    const unlistable: ListedPaths['unlistable'] = [];
    const folders = [''];
    while (folders.length) {
      const folder = folders.pop()!;
      let children: Dirent[];
      try {
        children = this.#readDirectory(folder === '' ? this.root : path.join(this.root, folder));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        unlistable.push({ path: folder, unreadable: { kind: 'folder', reason } });
        continue;
      }
      for (const child of children) {
        const relative = folder === '' ? child.name : `${folder}/${child.name}`;
        if (child.isDirectory()) {
          if (child.name === '.git' || child.name === 'node_modules' || ignored(`${relative}/`)) continue;
          folders.push(relative);
        } else if (!ignored(relative)) {
          files.push(relative);
        }
      }
    }
    return { files, unlistable };
  }
}

/** What a listing of the root found: file paths, and folders it could not open. */
interface ListedPaths {
  files: string[];
  unlistable: { path: string; unreadable: UnreadableEntry }[];
}

/**
 * What an in-memory tree holds at a path: text, bytes, a symlink, something that is not a
 * regular file (`special`), or a folder that cannot be listed (`unlistableFolder`: the reason).
 */
export type MemoryFile =
  | string
  | Uint8Array
  | { symlink: string }
  | { special: 'fifo' | 'device' | 'socket' }
  | { unlistableFolder: string };

/** An error that says a path holds nothing readable, with the `code` Node gives one (`ENOENT`). */
function missing(message: string): Error {
  return Object.assign(new Error(`ENOENT: ${message}`), { code: 'ENOENT' });
}

/** An in-memory file tree, for tests and rule examples. */
export class MemorySource implements FileSource {
  readonly root: string;
  readonly #files: Map<string, MemoryFile>;

  constructor(files: Record<string, MemoryFile>, root = '<memory>') {
    this.root = root;
    this.#files = new Map(Object.entries(files));
  }

  list(): FileEntry[] {
    const entries: FileEntry[] = [];
    for (const [file, content] of this.#files) {
      if (typeof content === 'string' || content instanceof Uint8Array) entries.push({ path: file });
      else if ('symlink' in content) {
        const link = this.#follow(file);
        if ('folder' in link) continue; // a link to a folder of the tree, as on disk
        entries.push('file' in link ? { path: file } : { path: file, escapes: { target: content.symlink, ...link } });
      } else if ('special' in content) entries.push({ path: file, unreadable: { kind: content.special } });
      else entries.push({ path: `${file}/`, unreadable: { kind: 'folder', reason: content.unlistableFolder } });
    }
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  read(file: string): Buffer {
    const content = this.#content(file);
    return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  }

  size(file: string): number {
    const content = this.#content(file);
    return typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    consume(this.read(file));
  }

  /** The text or bytes a path holds, through links that stay in the tree. */
  #content(file: string): string | Uint8Array {
    const link = this.#follow(file);
    const content = 'file' in link ? this.#files.get(link.file) : undefined;
    if (typeof content === 'string' || content instanceof Uint8Array) return content;
    throw missing(`no such file, open '${file}'`);
  }

  /** Where a path leads through its links: an in-tree path, or why it leads nowhere readable. */
  #follow(file: string): { file: string } | { folder: true } | { dangling?: true; loop?: true } {
    const seen = new Set<string>();
    let current = file;
    for (;;) {
      const content = this.#files.get(current);
      if (!(typeof content === 'object' && content !== null && 'symlink' in content)) {
        if (content !== undefined || current === file) return { file: current };
        const prefix = `${current}/`;
        for (const other of this.#files.keys()) if (other.startsWith(prefix)) return { folder: true };
        return { dangling: true };
      }
      if (seen.has(current)) return { loop: true };
      seen.add(current);
      if (path.posix.isAbsolute(content.symlink)) return {};
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(current), content.symlink));
      if (target.startsWith('../') || target === '..') return {};
      current = target;
    }
  }
}
