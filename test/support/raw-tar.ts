// Tar archives built block by block, for members GNU tar will not write (`../x`, `/etc/x`, links out).

/** One raw tar header block (ustar magic, checksum filled in), for members GNU tar will not write. */
export function rawHeader(name: string, type: string, size = 0, linkname = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(type, 156, 'latin1');
  block.write(linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** A member with its data padded to whole blocks. */
export function rawMember(name: string, data: string, type = '0', linkname = ''): Buffer {
  const bytes = Buffer.from(data);
  return Buffer.concat([
    rawHeader(name, type, bytes.length, linkname),
    bytes,
    Buffer.alloc((512 - (bytes.length % 512)) % 512),
  ]);
}

/** A pax extended header holding `key=value` records, for the member after it. */
export function paxHeader(records: Record<string, string>): Buffer {
  const body = Object.entries(records)
    .map(([key, value]) => {
      const record = ` ${key}=${value}\n`;
      let length = record.length + 1;
      while (`${length}${record}`.length !== length) length++;
      return `${length}${record}`;
    })
    .join('');
  return rawMember('PaxHeaders/x', body, 'x');
}

/** Members followed by the two zero blocks that end an archive. */
export const archive = (...members: Buffer[]) => Buffer.concat([...members, Buffer.alloc(1024)]);

/** An archive with `members` inserted before its end-of-archive blocks. */
export function appendMembers(tar: Uint8Array, ...members: Buffer[]): Buffer {
  const bytes = Buffer.from(tar);
  let at = 0;
  while (at + 512 <= bytes.length && !bytes.subarray(at, at + 512).every((b) => b === 0)) {
    const size = parseInt(
      bytes
        .subarray(at + 124, at + 136)
        .toString('latin1')
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return archive(bytes.subarray(0, at), ...members);
}
