import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** Thrown when a path names something other than a regular file (a FIFO, device, socket or folder), or leaves the root. */
export class ReadRefusedError extends Error {
  override name = 'ReadRefusedError';
  /** `special`: not a regular file; `outside`: its real path leaves the repository; `tooLarge`: over the size limit. */
  readonly code: 'special' | 'outside' | 'tooLarge';

  constructor(message: string, code: ReadRefusedError['code']) {
    super(message);
    this.code = code;
  }
}

/** Why a read failed, in a few words: Node's error code (`ENOENT`, `EACCES`) or the refusal's reason. */
export function readFailureReason(error: unknown): string {
  if (error instanceof ReadRefusedError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/** What a non-regular file is, in words: `a FIFO`, `a character device`… */
export function fileKindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Opens a file for reading only when it is a regular file. `O_NONBLOCK` makes opening a
 * FIFO return at once instead of waiting for a writer (which a hostile repository never
 * sends), and `fstat` on the open descriptor decides, so nothing can swap the file between
 * the check and the read. `O_NOFOLLOW` refuses a link at the last step when `noFollow`.
 */
export function openRegularFile(file: string, options: { noFollow?: boolean } = {}): number {
  const flags =
    constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (options.noFollow ? constants.O_NOFOLLOW : 0);
  const fd = openSync(file, flags);
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new ReadRefusedError(`it is ${fileKindOf(stat)}, not a regular file`, 'special');
  }
  return fd;
}

/** The bytes of a regular file no larger than `maxBytes`; throws `ReadRefusedError` for anything else. */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const fd = openRegularFile(file);
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes)
      throw new ReadRefusedError(`it is too large (${size} bytes, more than ${maxBytes})`, 'tooLarge');
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
