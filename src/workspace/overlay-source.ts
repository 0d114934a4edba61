import { compareText } from '../compare-text.js';
import type { FileEntry, FileSource } from './file-source.js';

/**
 * A source with some files' content replaced (or added): what `check - --stdin-filename`
 * reads, an editor's unsaved buffer over the repository on disk.
 */
export class OverlaySource implements FileSource {
  readonly root: string;
  readonly #base: FileSource;
  readonly #files: Map<string, Buffer>;

  constructor(base: FileSource, files: Record<string, Buffer>) {
    this.root = base.root;
    this.#base = base;
    this.#files = new Map(Object.entries(files));
  }

  list(): FileEntry[] {
    const entries = this.#base.list().filter((e) => !this.#files.has(e.path));
    for (const file of this.#files.keys()) entries.push({ path: file });
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  read(file: string): Buffer {
    return this.#files.get(file) ?? this.#base.read(file);
  }

  size(file: string): number {
    return this.#files.get(file)?.length ?? this.#base.size(file);
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    const own = this.#files.get(file);
    if (own) consume(own);
    else this.#base.stream(file, consume);
  }
}
