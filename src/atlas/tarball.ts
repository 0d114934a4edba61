import { createHash, type Hash } from 'node:crypto';
import { loadPackage } from '../load-package.js';
import type { Workspace } from '../workspace/workspace.js';

/** A regular file inside a tarball, hashed while it streamed past. */
export interface TarMember {
  path: string;
  size: number;
  sha256: string;
}

/** What reading a tarball gave: its members, its own digest, and why it stopped early if it did. */
export interface TarballContents {
  /** Regular-file members by path (a later member of the same path wins, as extraction does). */
  members: Map<string, TarMember>;
  /** Folders of the archive: directory entries and the parents of members. */
  directories: Set<string>;
  /** sha256 of the file as stored (the compressed bytes of a `.tgz`). */
  sha256: string;
  /** Why the archive could not be read to its end; members read before the problem are kept. */
  problem?: string;
  /** Members that extraction would place or link outside the folder it unpacks into; left out of `members`. */
  unsafe: UnsafeMember[];
}

/** A member whose name or link target leaves the archive: `../x`, `/etc/x`, a link to `/etc/passwd`. */
export interface UnsafeMember {
  /** The member's name as written (after any GNU long name or pax `path`). */
  path: string;
  /** Why it is unsafe, as a phrase: "its name leaves the archive (`..`)". */
  reason: string;
}

const BLOCK = 512;
/** Long names and pax headers larger than this are not names: the archive is corrupt. */
const MAX_META_BYTES = 1 << 20;
/** A gzip tarball that inflates to more than this is reported rather than read on (a bound on time, not memory). */
const MAX_INFLATED_BYTES = 1 << 30;
/** Compressed bytes are inflated this many at a time, so one step's output stays a few MiB even at gzip's largest ratio (about 1:1000). */
const INFLATE_STEP = 4096;

type MemberKind = 'file' | 'longname' | 'longlink' | 'pax' | 'skip';

interface CurrentMember {
  path: string;
  kind: MemberKind;
  size: number;
  hash?: Hash;
  meta?: Buffer[];
  metaBytes: number;
}

/**
 * A streaming reader of ustar archives (with GNU long names and pax `path` records):
 * fed chunk by chunk, it hashes every regular member as it passes and never keeps
 * member data, so memory stays flat however large the archive is.
 */
export class UstarReader {
  readonly members = new Map<string, TarMember>();
  readonly directories = new Set<string>();
  readonly unsafe: UnsafeMember[] = [];
  #header = Buffer.alloc(BLOCK);
  #headerFill = 0;
  #mode: 'header' | 'data' | 'padding' | 'end' | 'failed' = 'header';
  #member: CurrentMember | undefined;
  #remaining = 0;
  #padding = 0;
  #offset = 0;
  #pendingName: string | undefined;
  #pendingLink: string | undefined;
  #problem: string | undefined;

  /** Feeds the next bytes of the archive. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.#mode) {
        case 'end':
        case 'failed':
          return;
        case 'header': {
          const n = Math.min(BLOCK - this.#headerFill, chunk.length - at);
          this.#header.set(chunk.subarray(at, at + n), this.#headerFill);
          this.#headerFill += n;
          at += n;
          if (this.#headerFill === BLOCK) {
            this.#headerFill = 0;
            this.#readHeader();
            this.#offset += BLOCK;
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.#remaining, chunk.length - at);
          this.#consume(chunk.subarray(at, at + n));
          this.#remaining -= n;
          this.#offset += n;
          at += n;
          if (this.#remaining === 0) this.#finishMember();
          break;
        }
        case 'padding': {
          const n = Math.min(this.#padding, chunk.length - at);
          this.#padding -= n;
          this.#offset += n;
          at += n;
          if (this.#padding === 0) this.#mode = 'header';
          break;
        }
      }
    }
  }

  /** Ends the stream: the problem that stopped the reading, or `undefined` when the archive is complete. */
  end(): string | undefined {
    if (this.#problem) return this.#problem;
    switch (this.#mode) {
      case 'end':
        return undefined;
      case 'header':
        if (this.#offset === 0 && this.#headerFill === 0) return 'empty';
        if (this.#offset === 0)
          return `not a tar archive (${this.#headerFill} bytes, shorter than one ${BLOCK}-byte header)`;
        if (this.#headerFill > 0) return `truncated inside the header at byte ${this.#offset}`;
        return 'truncated (the end-of-archive blocks are missing)';
      case 'data':
      case 'padding':
        return `truncated inside member \`${this.#member?.path ?? '?'}\``;
      default:
        return undefined;
    }
  }

  #fail(problem: string): void {
    this.#problem = problem;
    this.#mode = 'failed';
  }

  #readHeader(): void {
    const header = this.#header;
    if (header.every((b) => b === 0)) {
      // The first zero block marks the end; whatever follows is padding to the record size.
      this.#mode = 'end';
      return;
    }
    if (!checksumMatches(header)) {
      this.#fail(
        this.#offset === 0
          ? 'not a tar archive (no valid tar header at byte 0)'
          : `corrupt (a bad header checksum at byte ${this.#offset})`,
      );
      return;
    }
    const size = readSize(header);
    if (size === undefined) {
      this.#fail(`corrupt (an unreadable size in the header at byte ${this.#offset})`);
      return;
    }
    const type = String.fromCharCode(header[156]!);
    const name = field(header, 0, 100);
    const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? field(header, 345, 155) : '';
    const written = this.#pendingName ?? (prefix ? `${prefix}/${name}` : name);
    const linkTarget = this.#pendingLink ?? field(header, 157, 100);
    let path = normaliseMemberPath(written);
    let kind: MemberKind = 'skip';
    const named = type !== 'L' && type !== 'K' && type !== 'x' && type !== 'g';
    if (named) {
      this.#pendingName = undefined;
      this.#pendingLink = undefined;
      const unsafe =
        unsafeName(written) ?? (type === '1' || type === '2' ? unsafeLink(path, linkTarget, type) : undefined);
      if (unsafe) {
        this.unsafe.push({ path: written, reason: unsafe });
        path = '';
      }
    }
    if (!named) {
      kind = type === 'L' ? 'longname' : type === 'K' ? 'longlink' : type === 'x' ? 'pax' : 'skip';
    } else if (type === '0' || type === '\0' || type === '7') {
      kind = 'file';
    } else if (type === '1' && path) {
      this.#addHardLink(path, normaliseMemberPath(linkTarget));
    } else if (type === '5' && path) {
      this.#addDirectory(path);
    }
    if ((kind === 'longname' || kind === 'longlink' || kind === 'pax') && size > MAX_META_BYTES) {
      this.#fail(`corrupt (a ${size}-byte name record at byte ${this.#offset})`);
      return;
    }
    this.#member = {
      path,
      kind,
      size,
      metaBytes: 0,
      ...(kind === 'file' ? { hash: createHash('sha256') } : {}),
      ...(kind === 'longname' || kind === 'longlink' || kind === 'pax' ? { meta: [] } : {}),
    };
    this.#remaining = size;
    this.#padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.#finishMember();
    else this.#mode = 'data';
  }

  #consume(data: Uint8Array): void {
    const member = this.#member!;
    if (member.hash) member.hash.update(data);
    else if (member.meta) member.meta.push(Buffer.from(data));
  }

  #finishMember(): void {
    const member = this.#member!;
    this.#mode = this.#padding > 0 ? 'padding' : 'header';
    if (member.kind === 'file') {
      if (!member.path) return;
      this.members.set(member.path, { path: member.path, size: member.size, sha256: member.hash!.digest('hex') });
      const slash = member.path.lastIndexOf('/');
      if (slash > 0) this.#addDirectory(member.path.slice(0, slash));
    } else if (member.kind === 'longname') {
      this.#pendingName = Buffer.concat(member.meta!).toString('utf8').replace(/\0.*$/s, '');
    } else if (member.kind === 'longlink') {
      this.#pendingLink = Buffer.concat(member.meta!).toString('utf8').replace(/\0.*$/s, '');
    } else if (member.kind === 'pax') {
      const records = paxRecords(Buffer.concat(member.meta!));
      if (records.path !== undefined) this.#pendingName = records.path;
      if (records.linkpath !== undefined) this.#pendingLink = records.linkpath;
    }
  }

  /**
   * A hard link extracts as a copy of an earlier member: it holds that member's bytes.
   * A link to a member the archive never had is unsafe (extraction would link to
   * whatever file of that name exists where it unpacks).
   */
  #addHardLink(path: string, target: string): void {
    const member = this.members.get(target);
    if (!member) {
      this.unsafe.push({ path, reason: `it is a hard link to \`${target}\`, which is not an earlier member` });
      return;
    }
    this.members.set(path, { ...member, path });
    const slash = path.lastIndexOf('/');
    if (slash > 0) this.#addDirectory(path.slice(0, slash));
  }

  #addDirectory(path: string): void {
    let dir = path.replace(/\/+$/, '');
    while (dir && !this.directories.has(dir)) {
      this.directories.add(dir);
      const slash = dir.lastIndexOf('/');
      dir = slash > 0 ? dir.slice(0, slash) : '';
    }
  }
}

/**
 * Reads a tarball of the workspace without extracting it: plain tar is streamed, and a
 * name ending in `.gz` or `.tgz` is inflated as it streams (fflate), so memory stays flat
 * whatever the size of either. A file that is not a tar, truncated or corrupt gives
 * `problem`, never an exception.
 */
export function readTarball(workspace: Workspace, file: string): TarballContents {
  const reader = new UstarReader();
  const digest = createHash('sha256');
  let problem: string | undefined;
  const gunzip = /\.(t?gz)$/i.test(file) ? inflating(reader) : undefined;
  const readable = workspace.stream(file, (chunk) => {
    digest.update(chunk);
    if (gunzip) gunzip.push(chunk);
    else reader.push(chunk);
  });
  if (!readable) problem = 'unreadable';
  else if (gunzip) problem = gunzip.end();
  problem ??= reader.end();
  const contents: TarballContents = {
    members: reader.members,
    directories: reader.directories,
    sha256: digest.digest('hex'),
    unsafe: reader.unsafe,
  };
  if (problem) contents.problem = problem;
  return contents;
}

/**
 * A gzip stream feeding `reader`; after the first problem it only swallows what it is given.
 * fflate does not check the gzip trailer, so a stream cut short after its last complete block
 * would pass: the inflated length is compared with the trailer's (ISIZE) here.
 */
function inflating(reader: UstarReader): { push(chunk: Uint8Array): void; end(): string | undefined } {
  let inflated = 0;
  let members = 1;
  let problem: string | undefined;
  const tail = new Uint8Array(8);
  let tailFill = 0;
  // fflate is loaded only when a tarball is inflated: a run that never reads one (a warm check) never evaluates it.
  const { Gunzip } = loadPackage<typeof import('fflate')>('fflate');
  const gunzip = new Gunzip((data) => {
    inflated += data.length;
    if (inflated > MAX_INFLATED_BYTES) throw new TooLarge();
    reader.push(data);
  });
  gunzip.onmember = () => void members++;
  const step = (chunk: Uint8Array, final: boolean) => {
    if (problem) return;
    try {
      gunzip.push(chunk, final);
    } catch (error) {
      problem =
        error instanceof TooLarge
          ? `too large to inflate (more than ${MAX_INFLATED_BYTES} bytes inflated)`
          : `not a readable gzip file (${(error as { code?: number }).code === 0 ? TRUNCATED : (error as Error).message})`;
    }
  };
  return {
    push(chunk) {
      const keep = Math.min(8, chunk.length);
      tail.copyWithin(0, keep);
      tail.set(chunk.subarray(chunk.length - keep), 8 - keep);
      tailFill = Math.min(8, tailFill + keep);
      for (let at = 0; at < chunk.length && !problem; at += INFLATE_STEP)
        step(chunk.subarray(at, at + INFLATE_STEP), false);
    },
    end() {
      step(new Uint8Array(0), true);
      const isize = new DataView(tail.buffer).getUint32(4, true);
      if (!problem && members === 1 && (tailFill < 8 || isize !== inflated % 2 ** 32))
        problem = `not a readable gzip file (${TRUNCATED})`;
      return problem;
    },
  };
}

const TRUNCATED = 'the compressed data is truncated';

/** Thrown from inside the inflater to stop it once it has given more than `MAX_INFLATED_BYTES`. */
class TooLarge extends Error {}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return (nul === -1 ? raw : raw.subarray(0, nul)).toString('utf8');
}

/** The size field: octal text, or GNU base-256 when its first byte has the high bit set. */
function readSize(header: Buffer): number | undefined {
  const raw = header.subarray(124, 136);
  if (raw[0]! & 0x80) {
    let value = 0;
    for (let i = 1; i < raw.length; i++) value = value * 256 + raw[i]!;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  const text = raw
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

function checksumMatches(header: Buffer): boolean {
  const stored = header
    .subarray(148, 156)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  const expected = parseInt(stored, 8);
  return expected === unsigned || expected === signed;
}

/** The `path` and `linkpath` records of a pax extended header (`<length> <key>=<value>\n` records, lengths in bytes). */
function paxRecords(records: Buffer): { path?: string; linkpath?: string } {
  let at = 0;
  const found: { path?: string; linkpath?: string } = {};
  while (at < records.length) {
    const space = records.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(records.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || at + length > records.length) break;
    const record = records.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    if (equals > 0 && (key === 'path' || key === 'linkpath')) found[key] = record.slice(equals + 1);
    at += length;
  }
  return found;
}

/** Why a member name would extract outside the folder the archive unpacks into, or `undefined`. */
function unsafeName(name: string): string | undefined {
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return 'its name is absolute';
  if (name.split(/[/\\]/).includes('..')) return 'its name leaves the archive (`..`)';
  return undefined;
}

/** Why a link member's target points outside the archive, or `undefined`. */
function unsafeLink(path: string, target: string, type: '1' | '2'): string | undefined {
  const kind = type === '1' ? 'hard link' : 'symbolic link';
  if (/^([/\\]|[A-Za-z]:)/.test(target)) return `it is a ${kind} to the absolute path \`${target}\``;
  // A hard link's target is relative to the archive root, a symbolic link's to the member's folder.
  const base = type === '1' ? [] : path.split('/').slice(0, -1);
  const parts = [...base];
  for (const part of target.split(/[/\\]/)) {
    if (part === '..') {
      if (parts.length === 0) return `it is a ${kind} to \`${target}\`, outside the archive`;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return undefined;
}

function normaliseMemberPath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}
