import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/** A write surveyor will not make: through a link or folder that leaves the root, over a read-only page, into a non-file. */
export class WriteRefusedError extends Error {
  readonly code = 'EREFUSED';
}

/** How a write is guarded. */
export interface WriteOptions {
  /**
   * The repository root. A target whose path lies inside it (where the repository may have
   * planted links) is written only where its real path, and its folder's, stay inside too.
   */
  root?: string;
  /** Refuse a target without any write bit instead of replacing it (generate's pages). */
  refuseReadOnly?: boolean;
}

function isInside(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Temporary names: `.<name>.surveyor-<pid>-<random>.tmp`, so a later write can tell a dead writer's leftover. */
const TEMP = /^\.(.+)\.surveyor-(\d+)-[0-9a-f]{12}\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files of `name` left in `dir` by a writer that was killed (its process is gone). */
function sweepLeftovers(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMP.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(path.join(dir, entry)); // unlink removes a planted link itself, never its target
    } catch {
      // another writer swept it first
    }
  }
}

function sameNode(fd: number, stat: Stats): boolean {
  try {
    const open = fstatSync(fd);
    return open.dev === stat.dev && open.ino === stat.ino;
  } catch {
    return false;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Where the bytes for `target` go: its real path, and what is there now. Throws `WriteRefusedError` for a guarded escape. */
function destinationOf(
  target: string,
  options: WriteOptions,
): { file: string; stat: Stats | undefined; guarded: boolean } {
  const absolute = path.resolve(target);
  let guarded = false;
  let rootReal: string | undefined;
  if (options.root !== undefined) {
    rootReal = realpathSync(options.root);
    guarded = isInside(absolute, path.resolve(options.root)) || isInside(absolute, rootReal);
  }
  const outside = (real: string) => guarded && !isInside(real, rootReal!);
  const link = lstatOrUndefined(absolute);
  if (link?.isSymbolicLink()) {
    let stat: Stats;
    try {
      stat = statSync(absolute);
    } catch {
      throw new WriteRefusedError(`\`${target}\` is a symlink to a missing file`);
    }
    // `/dev/stdout` leads to a pipe that has no path: a non-file is written into by the name given.
    if (!stat.isFile()) return { file: absolute, stat, guarded };
    const real = realpathSync(absolute);
    if (outside(real)) throw new WriteRefusedError(`\`${target}\` is a symlink to \`${real}\`, outside the repository`);
    return { file: real, stat, guarded };
  }
  const folder = realpathSync(path.dirname(absolute));
  if (outside(folder))
    throw new WriteRefusedError(
      `the folder of \`${target}\` is \`${folder}\` by its real path, outside the repository`,
    );
  return { file: path.join(folder, path.basename(absolute)), stat: link, guarded };
}

/**
 * Writes a file so a reader sees the old bytes or the new, never a mix or an empty file:
 * a temporary file with a random name created exclusively (`O_EXCL`, never through a link)
 * in the target's real folder, given the target's mode and owner, `fsync`ed, then renamed
 * over the target. A symlinked target is written through (the link stays); a device, FIFO
 * or socket the user named (`/dev/stdout`, `/dev/null`) is written into, never replaced.
 * With `options.root`, a target inside the root is refused when its real path or folder
 * leaves the root, or when it is not a regular file.
 */
export function writeAtomically(target: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const { file, stat, guarded } = destinationOf(target, options);
  if (stat && !stat.isFile()) {
    if (stat.isDirectory()) throw new WriteRefusedError(`\`${target}\` is a folder`);
    if (guarded) throw new WriteRefusedError(`\`${target}\` is not a regular file`);
    // `/dev/stdout` may be a socket, which cannot be opened by path: write to our own descriptor.
    for (const fd of [1, 2]) {
      if (sameNode(fd, stat)) {
        writeAll(fd, bytes);
        return;
      }
    }
    writeFileSync(file, bytes); // a device or FIFO: its bytes go through it, the node stays
    return;
  }
  if (stat && options.refuseReadOnly && (stat.mode & 0o222) === 0)
    throw new WriteRefusedError(`\`${target}\` is read-only`);
  const dir = path.dirname(file);
  const name = path.basename(file);
  sweepLeftovers(dir, name);
  const temp = path.join(dir, `.${name}.surveyor-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    stat ? stat.mode & 0o777 : 0o666,
  );
  try {
    try {
      writeAll(fd, bytes);
      if (stat) {
        fchmodSync(fd, stat.mode & 0o7777); // the umask narrowed the mode given to open
        try {
          fchownSync(fd, stat.uid, stat.gid);
        } catch {
          // only root may give a file away; the page then belongs to whoever runs generate
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw error;
  }
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd); // the rename itself survives a power cut
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // some file systems cannot fsync a folder; the rename is still atomic
  }
}

/**
 * Writes `content` to `root/file` atomically, and only when the bytes differ, never
 * outside `root` (see `writeAtomically`). Returns whether it wrote.
 */
export function writeIfChanged(
  root: string,
  file: string,
  content: string | Uint8Array,
  options: Omit<WriteOptions, 'root'> = {},
): boolean {
  const target = path.join(root, file);
  const bytes =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let current: Buffer | undefined;
  try {
    // Only a regular file is compared: reading a FIFO would wait forever.
    if (statSync(target).isFile()) current = readFileSync(target);
  } catch {
    current = undefined;
  }
  if (current?.equals(bytes)) return false;
  writeAtomically(target, bytes, { ...options, root });
  return true;
}

/**
 * Writes a report the user named (`--output`, `--report`): folders missing on its path are
 * created first, then the file is written as `writeAtomically` writes it. With `root`, a
 * target inside the root gets folders only where the deepest existing one's real path stays
 * inside the root, so no folder is ever made through a link that leaves it.
 */
export function writeReportFile(target: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const folder = path.dirname(path.resolve(target));
  let existing = folder;
  while (lstatOrUndefined(existing) === undefined && path.dirname(existing) !== existing)
    existing = path.dirname(existing);
  if (existing !== folder) {
    if (options.root !== undefined) {
      const root = path.resolve(options.root);
      const rootReal = realpathSync(root);
      const real = realpathSync(existing);
      if ((isInside(folder, root) || isInside(folder, rootReal)) && !isInside(real, rootReal))
        throw new WriteRefusedError(
          `the folder of \`${target}\` is \`${real}\` by its real path, outside the repository`,
        );
    }
    mkdirSync(folder, { recursive: true });
  }
  writeAtomically(target, content, options);
}
