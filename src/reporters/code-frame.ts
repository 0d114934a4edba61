import { printable } from './terminal-text.js';

/** Longest rendered code-frame line, gutter included, so a one-line 50 MB file prints one screenful. */
export const MAX_FRAME_WIDTH = 160;

/** Where lines begin in one text, scanned once so every frame in a file reuses it. */
export class SourceLines {
  readonly #text: string;
  readonly #starts: number[];

  constructor(text: string) {
    this.#text = text;
    // Lines break at `\n` only, as the workspace counts them when it resolves positions.
    const starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.#starts = starts;
  }

  /** Number of lines (a text ending in a newline has an empty last line). */
  get count(): number {
    return this.#starts.length;
  }

  /** Length of a 1-based line in UTF-16 code units, without its line break. */
  length(line: number): number {
    const [start, end] = this.#bounds(line);
    return end - start;
  }

  /** Part `[from, to)` of a 1-based line, clipped to the line. */
  slice(line: number, from: number, to: number): string {
    const [start, end] = this.#bounds(line);
    return this.#text.slice(start + Math.min(from, end - start), start + Math.min(to, end - start));
  }

  #bounds(line: number): [number, number] {
    const start = this.#starts[line - 1] ?? this.#text.length;
    let end = line < this.#starts.length ? this.#starts[line]! - 1 : this.#text.length;
    if (end > start && this.#text.charCodeAt(end - 1) === 0x0d) end--;
    return [start, end];
  }
}

/** The span a frame points at: 1-based, `endColumn` exclusive, UTF-16 code units. */
export interface FrameSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Colouring applied to the parts of a frame; identity functions for plain text. */
export interface FrameColours {
  gutter: (text: string) => string;
  marker: (text: string) => string;
}

/**
 * Lines of a code frame: the line above for context, the offending line, and a
 * `^~~~` marker under `column..endColumn` (clipped to that line). Lines longer than
 * the frame width are cut to a window around the column with `…` at the cut ends.
 * Returns no lines when the span's line is not in the text.
 */
export function codeFrame(lines: SourceLines, span: FrameSpan, colours: FrameColours, indent = '    '): string[] {
  const { line } = span;
  if (!Number.isInteger(line) || line < 1 || line > lines.count) return [];

  const lineLength = lines.length(line);
  const start = clamp(span.column - 1, 0, lineLength);
  const end = span.endLine > line ? lineLength : clamp(span.endColumn - 1, start, lineLength);

  const numberWidth = String(line).length;
  const gutter = (mark: string, label: string): string => `${indent}${mark} ${label.padStart(numberWidth)} |`;
  const available = Math.max(MAX_FRAME_WIDTH - gutter(' ', '').length - 1, 16);
  const window = frameWindow(lines, line, lineLength, start, available);

  const rows: string[] = [];
  const row = (mark: string, label: string, text: string): void => {
    const shown = printable(text, true);
    rows.push(colours.gutter(gutter(mark, label)) + (shown === '' ? '' : ` ${shown}`));
  };

  if (line > 1) row(' ', String(line - 1), windowText(lines, line - 1, window, available));
  const text = windowText(lines, line, window, available);
  row('>', String(line), text);

  // Offsets into `text`, which may begin with an ellipsis standing for the cut start.
  const lead = window.from > 0 ? 1 : 0;
  const markerFrom = lead + start - window.from;
  const markerTo = lead + Math.min(end, window.to) - window.from;
  // Tabs are copied so the marker lands under the same column however wide the terminal draws them.
  let padding = '';
  for (const char of text.slice(0, markerFrom)) padding += char === '\t' ? '\t' : ' ';
  const cells = Math.max([...text.slice(markerFrom, markerTo)].length, 1);
  rows.push(`${colours.gutter(gutter(' ', ''))} ${padding}${colours.marker(`^${'~'.repeat(cells - 1)}`)}`);
  return rows;
}

interface Window {
  from: number;
  to: number;
}

/** The code-unit range of lines to show: from the start, or `available` cells around `start` when the line is longer. */
function frameWindow(lines: SourceLines, line: number, lineLength: number, start: number, available: number): Window {
  // The whole offending line fits; the context line above may use the same width.
  if (lineLength <= available) return { from: 0, to: available };
  const content = available - 2;
  let from = clamp(start - Math.floor(content / 3), 0, lineLength - content);
  let to = from + content;
  // Never split a surrogate pair at either cut.
  if (from > 0 && isTrailSurrogate(lines.slice(line, from, from + 1))) from++;
  if (to < lineLength && isLeadSurrogate(lines.slice(line, to - 1, to))) to--;
  return { from, to };
}

/** A line cut to the window, with `…` where text was left out, never longer than `width`. */
function windowText(lines: SourceLines, line: number, window: Window, width: number): string {
  const length = lines.length(line);
  if (length <= window.from) return '';
  const left = window.from > 0 ? '…' : '';
  if (length <= window.to) return left + lines.slice(line, window.from, length);
  let to = window.to;
  if (left.length + (to - window.from) + 1 > width) to--;
  if (isLeadSurrogate(lines.slice(line, to - 1, to))) to--;
  return `${left}${lines.slice(line, window.from, to)}…`;
}

function clamp(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return low;
  return Math.min(Math.max(Math.trunc(value), low), high);
}

function isLeadSurrogate(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdbff;
}

function isTrailSurrogate(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0xdc00 && code <= 0xdfff;
}
