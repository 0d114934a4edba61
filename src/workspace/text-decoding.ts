import { isUtf8 } from 'node:buffer';

/** Where bytes stop being valid UTF-8: byte offset, and the line/column of the text before it. */
export interface EncodingProblem {
  byteOffset: number;
  line: number;
  column: number;
  message: string;
}

/** Decodes UTF-8 strictly (a BOM is kept so callers can report it); invalid bytes give a located problem. */
export function decodeUtf8(bytes: Buffer): { text: string } | { problem: EncodingProblem } {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const byteOffset = firstInvalidUtf8Byte(bytes);
  const before = bytes.subarray(0, byteOffset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  const bad = bytes[byteOffset]!.toString(16).toUpperCase().padStart(2, '0');
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? ' (it looks like UTF-16)'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? ' (it looks like UTF-16)'
        : '';
  return {
    problem: {
      byteOffset,
      line,
      column: before.length - lineStart + 1,
      message: `Unexpected byte 0x${bad}: the file is not valid UTF-8${utf16}, save it as UTF-8`,
    },
  };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
