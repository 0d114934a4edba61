import type { FileEntry, FileSource } from '../../src/workspace/file-source.js';

/** One access of a file source. */
export interface SourceAccess {
  op: 'read' | 'size' | 'stream';
  file: string;
}

/** A file source that records every access it serves, to prove what was read and how often. */
export class RecordingSource implements FileSource {
  readonly root: string;
  readonly accesses: SourceAccess[] = [];
  readonly #inner: FileSource;

  constructor(inner: FileSource) {
    this.#inner = inner;
    this.root = inner.root;
  }

  list(): FileEntry[] {
    return this.#inner.list();
  }

  read(file: string): Buffer {
    this.accesses.push({ op: 'read', file });
    return this.#inner.read(file);
  }

  size(file: string): number {
    this.accesses.push({ op: 'size', file });
    return this.#inner.size(file);
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    this.accesses.push({ op: 'stream', file });
    this.#inner.stream(file, consume);
  }

  stamp(file: string): string | undefined {
    return this.#inner.stamp?.(file);
  }

  /** How many times a file was accessed with an operation. */
  count(op: SourceAccess['op'], file: string): number {
    return this.accesses.filter((a) => a.op === op && a.file === file).length;
  }
}
