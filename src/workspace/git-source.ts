import path from 'node:path';
import { compareText } from '../compare-text.js';
import { DiskSource, type FileEntry, type FileSource, gitBlobId } from './file-source.js';
import { runGit } from './git.js';
import { ReadRefusedError } from './regular-file.js';

/** Which content of a git checkout a `GitSource` reads. */
export type GitSnapshot =
  /** The index: what `git commit` would record now (HEAD plus the staged changes). */
  | { kind: 'index' }
  /** The tree of a commit, by full object id. */
  | { kind: 'commit'; commit: string };

/** One blob of a snapshot: its object id and mode. */
interface Blob {
  oid: string;
  mode: string;
}

/** Reads fewer than this one at a time; past it, neighbours are read in one `cat-file --batch` with the file asked for. */
const SINGLE_READS = 8;
/** How many blobs one batch read fetches at most, so memory stays bounded on large repositories. */
const BATCH_SIZE = 512;

/** Thrown when a snapshot cannot be listed: not a checkout, an unborn HEAD asked for, git missing. */
export class GitSnapshotError extends Error {
  override name = 'GitSnapshotError';
}

/**
 * The files of a git snapshot (the index, or a commit's tree) under a folder of the
 * checkout, read through git and never from the working tree: what a pre-commit hook must
 * judge. Object ids come from the listing for free, so they double as content hashes.
 */
export class GitSource implements FileSource {
  readonly root: string;
  readonly snapshot: GitSnapshot;
  /** Every file's object id is in the listing: `contentId` reads nothing. */
  readonly listsContentIds = true;
  readonly #blobs: Map<string, Blob> = new Map();
  /**
   * Every object fetched, by id. Kept after it is handed out: files of equal content share
   * one object (and one Buffer with the workspace, which keeps what it reads anyway).
   */
  readonly #loaded = new Map<string, Buffer>();
  /** Every path, in listing order, with its position, so a batch finds a file's neighbours at once. */
  #order: { files: string[]; at: Map<string, number> } | undefined;
  /** The working tree, read only to find bytes that are exactly a blob of the snapshot (see `read`). */
  #workingTree: DiskSource | null | undefined;
  #singleReads = 0;
  #entries: FileEntry[] | undefined;

  /**
   * Lists the snapshot at once (one git process); throws `GitSnapshotError` when git cannot.
   * With `listed`, takes that listing (made for it, not copied) instead: see `commitBesideIndex`.
   */
  constructor(root: string, snapshot: GitSnapshot, listed?: Map<string, Blob>) {
    this.root = root;
    this.snapshot = snapshot;
    if (listed) {
      this.#blobs = listed;
      return;
    }
    const args =
      snapshot.kind === 'index'
        ? ['ls-files', '-s', '-z']
        : ['ls-tree', '-r', '-z', '--end-of-options', snapshot.commit];
    const out = runGit(root, args);
    if (out.status !== 0)
      throw new GitSnapshotError(
        `git cannot list ${snapshot.kind === 'index' ? 'the index' : `commit \`${snapshot.commit}\``}: ${out.stderr.trim().split('\n')[0] ?? 'git is not installed'}`,
      );
    for (const record of out.stdout.toString('utf8').split('\0')) {
      const tab = record.indexOf('\t');
      if (tab === -1) continue;
      const fields = record.slice(0, tab).split(' ');
      const file = record.slice(tab + 1);
      // ls-files -s: mode oid stage; ls-tree: mode type oid. Submodules (160000) hold no file.
      const mode = fields[0]!;
      const oid = snapshot.kind === 'index' ? fields[1]! : fields[2]!;
      if (mode === '160000') continue;
      const stage = snapshot.kind === 'index' ? fields[2] : '0';
      // During a conflicted merge, "ours" (stage 2) is what the working copy started from.
      if (stage !== '0' && stage !== '2') continue;
      if (stage === '2' && this.#blobs.has(file)) continue;
      this.#blobs.set(file, { oid, mode });
    }
  }

  /**
   * A commit's snapshot listed from the index's (`index`, listed already) and what
   * `git diff-index --cached` says differs between them: a staged check's base side, where a
   * commit changes a few files of many, without listing the commit's whole tree again. Its files
   * are those `new GitSource(root, { kind: 'commit', commit })` lists, with the same objects;
   * `undefined` when the index holds a conflict (the listing of the tree is then the answer).
   */
  static commitBesideIndex(index: GitSource, commit: string): GitSource | undefined {
    if (index.snapshot.kind !== 'index') return undefined;
    // `--relative`: paths under the root, relative to it, as the listings give them.
    const out = runGit(index.root, [
      'diff-index',
      '--cached',
      '-z',
      '--no-renames',
      '--relative',
      '--end-of-options',
      commit,
    ]);
    if (out.status !== 0) return undefined;
    const blobs = new Map(index.#blobs);
    const fields = out.stdout.toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      // `:old-mode new-mode old-oid new-oid STATUS`, then the path.
      const [oldMode, , oldOid, , status] = fields[i]!.slice(1).split(' ');
      const file = fields[i + 1]!;
      if (!fields[i]!.startsWith(':') || status === undefined || status.startsWith('U')) return undefined;
      // Not in the commit (added by the index), or a submodule there: no file of the commit.
      if (oldMode === '000000' || oldMode === '160000') blobs.delete(file);
      else blobs.set(file, { oid: oldOid!, mode: oldMode! });
    }
    return new GitSource(index.root, { kind: 'commit', commit }, blobs);
  }

  list(): FileEntry[] {
    if (!this.#entries) {
      const entries: FileEntry[] = [];
      for (const [file, blob] of this.#blobs) {
        if (blob.mode !== '120000') {
          entries.push({ path: file });
          continue;
        }
        const link = this.#linkTarget(file);
        if (link === null) continue; // a link to a folder of the snapshot
        entries.push(link.inside ? { path: file } : { path: file, escapes: link.escapes });
      }
      this.#entries = entries.sort((a, b) => compareText(a.path, b.path));
    }
    return this.#entries;
  }

  /** The git object id of a file's content (its link target's, for a symlink inside the snapshot). */
  contentId(file: string): string {
    return this.#blob(file).oid;
  }

  read(file: string): Buffer {
    const blob = this.#blob(file);
    const loaded = this.#loaded.get(blob.oid);
    if (loaded) return loaded;
    // Most files of the snapshot are unchanged in the working tree: bytes whose git object id
    // is the blob's are the blob (content-addressed), and cost no git process to get.
    const copy = this.#workingTreeCopy(file, blob);
    if (copy) {
      this.#loaded.set(blob.oid, copy);
      return copy;
    }
    if (this.#singleReads < SINGLE_READS) {
      this.#singleReads++;
      const bytes = this.#fetch([blob.oid]).get(blob.oid)!;
      this.#loaded.set(blob.oid, bytes);
      return bytes;
    }
    // Rules read files in listing order, a kind at a time: fetch the next ones of the same kind too.
    const extension = path.posix.extname(file);
    const batch = [blob.oid];
    const queued = new Set(batch);
    this.#order ??= (() => {
      const files = [...this.#blobs.keys()];
      return { files, at: new Map(files.map((f, i) => [f, i])) };
    })();
    const { files, at } = this.#order;
    for (let i = (at.get(file) ?? files.length) + 1; i < files.length && batch.length < BATCH_SIZE; i++) {
      const next = this.#blobs.get(files[i]!)!;
      if (
        path.posix.extname(files[i]!) === extension &&
        next.mode !== '120000' &&
        !this.#loaded.has(next.oid) &&
        !queued.has(next.oid)
      ) {
        batch.push(next.oid);
        queued.add(next.oid);
      }
    }
    const fetched = this.#fetch(batch);
    for (const [oid, bytes] of fetched) this.#loaded.set(oid, bytes);
    return fetched.get(blob.oid)!;
  }

  size(file: string): number {
    return this.read(file).length;
  }

  stream(file: string, consume: (chunk: Buffer) => void): void {
    consume(this.read(file));
  }

  /** The working-tree file at `file` when its bytes are exactly the blob (same object id), else `undefined`. */
  #workingTreeCopy(file: string, blob: Blob): Buffer | undefined {
    if (blob.mode !== '100644' && blob.mode !== '100755') return undefined;
    if (this.#workingTree === undefined) {
      try {
        this.#workingTree = new DiskSource(this.root);
      } catch {
        this.#workingTree = null;
      }
    }
    if (!this.#workingTree) return undefined;
    try {
      // Read the way every disk read is: a regular file whose real path is inside the root.
      const bytes = this.#workingTree.read(file);
      return gitBlobId(bytes) === blob.oid ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** The blob a file's content is, following a symlink that stays inside the snapshot. */
  #blob(file: string, hops = 0): Blob {
    const blob = this.#blobs.get(file);
    if (!blob)
      throw Object.assign(new Error(`ENOENT: \`${file}\` is not in the ${this.snapshot.kind}`), { code: 'ENOENT' });
    if (blob.mode !== '120000') return blob;
    const link = this.#linkTarget(file);
    if (hops > 16 || link === null || !link.inside)
      throw new ReadRefusedError(
        `\`${file}\` is a link that leads outside the ${this.snapshot.kind} or nowhere`,
        'outside',
      );
    return this.#blob(link.target, hops + 1);
  }

  /** Where a symlink of the snapshot leads: a file inside, `escapes` when outside or dangling, `null` for a folder. */
  #linkTarget(
    file: string,
    hops = 0,
  ): { inside: true; target: string } | { inside: false; escapes: NonNullable<FileEntry['escapes']> } | null {
    const blob = this.#blobs.get(file)!;
    const written = this.#fetch([blob.oid]).get(blob.oid)!.toString('utf8');
    if (path.posix.isAbsolute(written)) return { inside: false, escapes: { target: written } };
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), written));
    if (target === '..' || target.startsWith('../')) return { inside: false, escapes: { target: written } };
    const next = this.#blobs.get(target);
    if (next?.mode === '120000') {
      if (hops > 16) return { inside: false, escapes: { target: written, loop: true } };
      const chained = this.#linkTarget(target, hops + 1);
      if (chained && !chained.inside)
        return {
          inside: false,
          escapes: { target: written, ...(chained.escapes.loop ? { loop: true } : { dangling: true }) },
        };
      return chained;
    }
    if (next) return { inside: true, target };
    const prefix = target === '.' ? '' : `${target}/`;
    for (const other of this.#blobs.keys()) if (other.startsWith(prefix)) return null;
    return { inside: false, escapes: { target: written, dangling: true } };
  }

  /** The content of each object, read by one `git cat-file --batch`. */
  #fetch(oids: readonly string[]): Map<string, Buffer> {
    const out = runGit(this.root, ['cat-file', '--batch'], `${oids.join('\n')}\n`);
    if (out.status !== 0) throw new Error(`git cat-file failed: ${out.stderr.trim()}`);
    const blobs = new Map<string, Buffer>();
    const data = out.stdout;
    let at = 0;
    while (at < data.length) {
      const eol = data.indexOf(0x0a, at);
      if (eol === -1) break;
      const [oid, type, size] = data.subarray(at, eol).toString('latin1').split(' ');
      if (type === 'missing' || size === undefined) throw new Error(`git object \`${oid}\` is missing`);
      const length = Number(size);
      blobs.set(oid!, data.subarray(eol + 1, eol + 1 + length));
      at = eol + 1 + length + 1;
    }
    return blobs;
  }
}
