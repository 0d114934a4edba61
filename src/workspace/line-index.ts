/** A 1-based line and column (UTF-16 code units), as editors count them. */
export interface Position {
  line: number;
  column: number;
}

/** A region of a text: start inclusive, end exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** Converts string offsets of one text into line/column positions. */
export class LineIndex {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offsets at which each line begins, computed on first use. */
  get lineStarts(): readonly number[] {
    if (!this.#starts) {
      const starts = [0];
      const text = this.#text;
      let at = text.indexOf('\n');
      while (at !== -1) {
        starts.push(at + 1);
        at = text.indexOf('\n', at + 1);
      }
      this.#starts = starts;
    }
    return this.#starts;
  }

  /** The position of a string offset (clamped to the text). */
  position(offset: number): Position {
    const starts = this.lineStarts;
    const at = Math.max(0, Math.min(offset, this.#text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - starts[low]! + 1 };
  }

  /** The range covered by `[start, end)` offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The offset of a 1-based line/column position. */
  offset(position: Position): number {
    const starts = this.lineStarts;
    const lineStart = starts[Math.min(Math.max(position.line, 1), starts.length) - 1] ?? 0;
    return Math.min(lineStart + Math.max(position.column, 1) - 1, this.#text.length);
  }
}
