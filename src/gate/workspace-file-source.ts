import type { FileEntry, FileSource } from '../workspace/file-source.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * A file source over a workspace that is already open: its file list and the bytes it
 * has read, so a second session over the same repository (the gate's `generate --check`)
 * lists nothing and reads nothing again.
 */
export class WorkspaceFileSource implements FileSource {
  readonly root: string;
  readonly #workspace: Workspace;

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
    this.root = workspace.source.root;
  }

  list(): FileEntry[] {
    const entries: FileEntry[] = [...this.#workspace.files.map((path) => ({ path })), ...this.#workspace.escapingLinks];
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  read(file: string): Buffer {
    const bytes = this.#workspace.bytes(file);
    if (!bytes) throw new Error(`\`${file}\` cannot be read`);
    return bytes;
  }

  size(file: string): number {
    const size = this.#workspace.size(file);
    if (size === undefined) throw new Error(`\`${file}\` cannot be read`);
    return size;
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    if (!this.#workspace.stream(file, consume)) throw new Error(`\`${file}\` cannot be read`);
  }
}
