import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compareText } from '../compare-text.js';
import { runGit } from './git.js';

/** One file of the index; a symlink that leaves the root is listed but never read. */
export interface FileEntry {
  path: string;
  /** Set for a symlink whose target is outside the root (or dangling): it is reported, never followed. */
  escapes?: { target: string; dangling?: boolean };
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
  /** The git object id of the file's content when the source knows it without reading (git snapshots). */
  contentId?(file: string): string;
}

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

const require = createRequire(import.meta.url);

/**
 * Files of a directory on disk: git's index when the root is inside a git checkout
 * (so .gitignore is honoured), fast-glob otherwise. `ignore` only prunes the glob walk;
 * the workspace applies it to either list.
 */
export class DiskSource implements FileSource {
  readonly root: string;
  readonly #ignore: string[];

  constructor(root: string, ignore: string[] = []) {
    this.root = realpathSync(root);
    this.#ignore = ignore;
  }

  list(): FileEntry[] {
    const paths = this.#gitFiles() ?? this.#globFiles();
    const entries: FileEntry[] = [];
    for (const file of paths) {
      const absolute = path.join(this.root, file);
      let stat: ReturnType<typeof lstatSync>;
      try {
        stat = lstatSync(absolute);
      } catch {
        continue; // tracked by git but deleted in the working tree
      }
      if (stat.isSymbolicLink()) {
        const escapes = this.#escapingTarget(absolute);
        if (escapes === null) continue; // points at a directory inside the root
        entries.push(escapes ? { path: file, escapes } : { path: file });
      } else if (stat.isFile()) {
        entries.push({ path: file });
      }
    }
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  read(file: string): Buffer {
    return readFileSync(path.join(this.root, file));
  }

  size(file: string): number {
    return statSync(path.join(this.root, file)).size;
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    const fd = openSync(path.join(this.root, file), 'r');
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        consume(chunk.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  }

  /** `undefined` for a symlink inside the root, its link text when it leaves the root, `null` for a directory link. */
  #escapingTarget(absolute: string): FileEntry['escapes'] | null {
    const written = readlinkSync(absolute);
    let target: string;
    try {
      target = realpathSync(absolute);
    } catch {
      return { target: written, dangling: true };
    }
    const inside = target === this.root || target.startsWith(this.root + path.sep);
    if (!inside) return { target: written };
    try {
      return statSync(target).isFile() ? undefined : null;
    } catch {
      return null;
    }
  }

  #gitFiles(): string[] | undefined {
    const out = runGit(this.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    if (out.status !== 0) return undefined;
    return [...new Set(out.stdout.toString('utf8').split('\0').filter(Boolean))];
  }

  #globFiles(): string[] {
    const fg = require('fast-glob') as typeof import('fast-glob');
    return fg
      .sync('**', {
        cwd: this.root,
        dot: true,
        onlyFiles: false,
        markDirectories: true,
        followSymbolicLinks: false,
        ignore: ['**/.git/**', '**/node_modules/**', ...this.#ignore],
      })
      .filter((p) => !p.endsWith('/'));
  }
}

/** What an in-memory tree holds at a path: text, bytes, or a symlink. */
export type MemoryFile = string | Uint8Array | { symlink: string };

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
      if (typeof content === 'object' && 'symlink' in content) {
        const target = this.#resolveLink(file);
        entries.push(target === undefined ? { path: file, escapes: { target: content.symlink } } : { path: file });
      } else {
        entries.push({ path: file });
      }
    }
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  read(file: string): Buffer {
    const target = this.#resolveLink(file);
    const content = target === undefined ? undefined : this.#files.get(target);
    if (content === undefined || (typeof content === 'object' && 'symlink' in content)) {
      throw new Error(`ENOENT: no such file, open '${file}'`);
    }
    return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  }

  size(file: string): number {
    const target = this.#resolveLink(file);
    const content = target === undefined ? undefined : this.#files.get(target);
    if (typeof content === 'string') return Buffer.byteLength(content, 'utf8');
    if (content instanceof Uint8Array) return content.length;
    throw new Error(`ENOENT: no such file, stat '${file}'`);
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    consume(this.read(file));
  }

  /** The in-tree path a file or symlink resolves to, or `undefined` when it leaves the tree. */
  #resolveLink(file: string, hops = 0): string | undefined {
    const content = this.#files.get(file);
    if (!(typeof content === 'object' && content !== null && 'symlink' in content)) return file;
    if (hops > 16 || path.posix.isAbsolute(content.symlink)) return undefined;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), content.symlink));
    if (target.startsWith('../') || target === '..') return undefined;
    return this.#resolveLink(target, hops + 1);
  }
}
