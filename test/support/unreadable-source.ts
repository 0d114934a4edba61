import type { FileEntry, FileSource } from '../../src/workspace/file-source.js';

/**
 * A file source in which some listed files cannot be read, as a file without read permission
 * is on disk: `DiskSource` lists it and stats it (`lstat`, `stat` need no read permission), and
 * opening it throws `EACCES`. Tests run as root here, where `chmod 000` does not stop a read.
 */
export class UnreadableSource implements FileSource {
  readonly root: string;
  readonly #inner: FileSource;
  readonly #unreadable: ReadonlySet<string>;

  constructor(inner: FileSource, unreadable: readonly string[]) {
    this.#inner = inner;
    this.root = inner.root;
    this.#unreadable = new Set(unreadable);
    const listed = new Set(inner.list().map((entry) => entry.path));
    for (const file of unreadable) if (!listed.has(file)) throw new Error(`\`${file}\` is not a file of the source`);
  }

  list(): FileEntry[] {
    return this.#inner.list();
  }

  read(file: string): Buffer {
    this.#refuse(file);
    return this.#inner.read(file);
  }

  size(file: string): number {
    return this.#inner.size(file);
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    this.#refuse(file);
    this.#inner.stream(file, consume);
  }

  #refuse(file: string): void {
    if (!this.#unreadable.has(file)) return;
    throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {
      code: 'EACCES',
      errno: -13,
      syscall: 'open',
      path: file,
    });
  }
}
