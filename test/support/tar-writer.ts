import { compareText } from '../../src/compare-text.js';

/** One file to put in a tarball. */
export interface TarEntry {
  path: string;
  data: Uint8Array;
}

const BLOCK = 512;
/** Fixed modification time (2026-11-20T00:00Z) so the same entries always give the same bytes. */
const MTIME = Math.floor(Date.UTC(2026, 10, 20) / 1000);

/**
 * Writes a plain ustar archive the way `collect-evidence.mjs` does with GNU tar: entries
 * sorted by name, a directory entry before the files of each folder, fixed owner and time.
 * For the bench's generated repositories and test fixtures.
 */
export function writeUstar(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const written = new Set<string>();
  const sorted = [...entries].sort((a, b) => compareText(a.path, b.path));
  for (const entry of sorted) {
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (written.has(dir)) continue;
      written.add(dir);
      blocks.push(header(dir, 0, '5', 0o755));
    }
    blocks.push(header(entry.path, entry.data.length, '0', 0o644));
    blocks.push(Buffer.from(entry.data));
    const padding = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (padding) blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  const body = Buffer.concat(blocks);
  // GNU tar pads the archive to a whole 10 KiB record.
  const record = BLOCK * 20;
  const total = Math.ceil(body.length / record) * record;
  return total === body.length ? body : Buffer.concat([body, Buffer.alloc(total - body.length)]);
}

function header(path: string, size: number, type: string, mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', path.length - 2);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`tar path too long for ustar: ${path}`);
  }
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode, 7), 100, 'latin1');
  block.write(octal(0, 7), 108, 'latin1');
  block.write(octal(0, 7), 116, 'latin1');
  block.write(octal(size, 11), 124, 'latin1');
  block.write(octal(MTIME, 11), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width, '0')}\u0000`;
}
