import { LineIndex } from './line-index.js';

/** A region of the text as `[start, end)` string offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Why a JSON text is not valid, at an exact place. */
export interface JsonSyntaxProblem {
  span: Span;
  message: string;
  /** A fatal problem leaves the document without a value; a BOM is the only non-fatal one. */
  fatal: boolean;
  /** A second place that explains the first, e.g. where an unclosed object was opened. */
  related?: { span: Span; message: string };
}

/** A key written twice in one object; JSON.parse silently keeps the last value. */
export interface DuplicateKey {
  key: string;
  /** Pointer of the property (the object's pointer plus the key). */
  pointer: string;
  span: Span;
  first: Span;
}

/** Where a JSON pointer lands in the text. */
export interface PointerLocation {
  /** The value's span, or the nearest existing parent's when the pointer does not exist. */
  span: Span;
  /** The key's span when the value is an object member. */
  key?: Span;
  /** The pointer actually located: the input, or its nearest existing parent. */
  pointer: string;
  exact: boolean;
}

/** Escapes one reference token for a JSON pointer. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Splits a JSON pointer into its unescaped tokens (`""` is the root). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  return body
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins tokens into a JSON pointer. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Where one value sits in the text, recorded by the parser as it reads the value: its span,
 * its key's span when it is an object member, and its children's places (members by key,
 * the last duplicate winning as in JSON.parse; elements by index).
 */
interface JsonNode {
  start: number;
  end: number;
  key?: Span;
  members?: Map<string, JsonNode>;
  elements?: JsonNode[];
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * A JSON file parsed with exact positions: value, syntax problems, duplicate keys, pointer lookup.
 * The places of its values are not kept: recorded, they take four to five times the memory of the
 * text, and most documents of a run are never asked where a value is. The first `locate` below
 * the root parses the text again to record them, and they are kept from then on.
 */
export class JsonDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly value: unknown;
  readonly problems: readonly JsonSyntaxProblem[];
  readonly duplicates: readonly DuplicateKey[];
  /** The parse's record of every value's place, once a `locate` needed it; `undefined` before. */
  #root: JsonNode | undefined;
  readonly #rootStart: number;
  /**
   * Where the root value ends (the end of the file when the text is not valid JSON), so the root
   * is located without the record of places.
   */
  readonly #rootEnd: number;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineIndex(text);
    const parsed = new JsonParser(text, false).parse();
    this.value = parsed.value;
    this.problems = parsed.problems;
    this.duplicates = parsed.duplicates;
    this.#rootStart = parsed.rootStart;
    this.#rootEnd = parsed.rootEnd;
  }

  /** True when the text parsed to a value (possibly with a non-fatal problem such as a BOM). */
  get ok(): boolean {
    return !this.problems.some((p) => p.fatal);
  }

  /** Whether the places of the values are recorded (after a `locate` below the root); for tests. */
  get placesRecorded(): boolean {
    return this.#root !== undefined;
  }

  /**
   * Finds a pointer's value in the text from the places the parse recorded; a pointer that
   * does not exist resolves to its nearest existing parent. Text that is not valid JSON
   * locates everything at its root, from its first value to the end of the file.
   */
  locate(pointer: string): PointerLocation {
    const root = { span: { start: this.#rootStart, end: this.#rootEnd }, pointer: '', exact: true };
    if (!this.ok) return root;
    const tokens = pointerTokens(pointer);
    if (tokens.length === 0) return root;
    this.#root ??= new JsonParser(this.text, true).parse().root!;
    let node = this.#root;
    let depth = 0;
    for (; depth < tokens.length; depth++) {
      const token = tokens[depth]!;
      const child: JsonNode | undefined = node.members
        ? node.members.get(token)
        : node.elements && ARRAY_INDEX.test(token)
          ? node.elements[Number(token)]
          : undefined;
      if (!child) break;
      node = child;
    }
    const located: PointerLocation = {
      span: { start: node.start, end: node.end },
      pointer: toPointer(tokens.slice(0, depth)),
      exact: depth === tokens.length,
    };
    if (node.key) located.key = node.key;
    return located;
  }
}

/** Parses JSON text into a document with exact positions; never throws. */
export function parseJson(text: string): JsonDocument {
  return new JsonDocument(text);
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

interface Frame {
  kind: 'object' | 'array';
  container: Record<string, unknown> | unknown[];
  open: number;
  key: string;
  keySpan: Span;
  /** The container's place, when the parse records places; its children are recorded in it as they are read. */
  node: JsonNode | undefined;
  /** An object's keys so far, each where it was last written. */
  keys?: Map<string, Span>;
  /** Where a key that is written more than once was first written. */
  firstKeys?: Map<string, Span>;
}

class SyntaxFailure {
  constructor(readonly problem: JsonSyntaxProblem) {}
}

/** Iterative recursive-descent parser: no recursion, so nesting depth is bounded only by memory. */
class JsonParser {
  readonly text: string;
  i = 0;
  readonly problems: JsonSyntaxProblem[] = [];
  readonly duplicates: DuplicateKey[] = [];
  readonly stack: Frame[] = [];
  /** Whether the parse records the place of every value (`root`). */
  readonly places: boolean;
  /** Where the root value ends, once it is read. */
  rootEnd = 0;

  /** A parser of `text`; with `places`, it records the place of every value. */
  constructor(text: string, places: boolean) {
    this.text = text;
    this.places = places;
  }

  parse(): {
    value: unknown;
    root: JsonNode | undefined;
    problems: JsonSyntaxProblem[];
    duplicates: DuplicateKey[];
    rootStart: number;
    rootEnd: number;
  } {
    if (this.text.charCodeAt(0) === 0xfeff) {
      this.problems.push({
        span: { start: 0, end: 1 },
        fatal: false,
        message: 'Unexpected byte order mark (U+FEFF) at the start of the file: save it as UTF-8 without BOM',
      });
      this.i = 1;
    }
    this.i = skipWhitespace(this.text, this.i);
    const rootStart = this.i;
    let value: unknown;
    let root: JsonNode | undefined;
    try {
      if (this.i >= this.text.length) {
        this.fail(this.i, this.i, 'Unexpected end of file, expected a JSON value: the file is empty');
      }
      ({ value, node: root } = this.parseValue());
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      this.problems.push(error.problem);
      // Text that is not valid JSON is all root, from its first value to the end of the file.
      this.rootEnd = this.text.length;
    }
    return { value, root, problems: this.problems, duplicates: this.duplicates, rootStart, rootEnd: this.rootEnd };
  }

  fail(start: number, end: number, message: string, related?: JsonSyntaxProblem['related']): never {
    throw new SyntaxFailure({ span: { start, end: Math.max(end, start) }, message, fatal: true, related });
  }

  describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const c = this.text.codePointAt(at)!;
    if (c < 0x20) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `\`${String.fromCodePoint(c)}\``;
  }

  unexpected(at: number, expected: string): never {
    const text = this.text;
    if (text.startsWith('//', at) || text.startsWith('/*', at)) {
      const end = text.startsWith('//', at) ? text.indexOf('\n', at) : text.indexOf('*/', at) + 2;
      this.fail(at, end < at ? text.length : end, 'Unexpected comment: JSON does not allow comments');
    }
    if (text.charCodeAt(at) === 0x27) {
      this.fail(at, at + 1, "Unexpected `'`: JSON strings and keys use double quotes");
    }
    const word = /[A-Za-z_$][\w$]*/y;
    word.lastIndex = at;
    const m = word.exec(text);
    if (m) this.fail(at, at + m[0].length, `Unexpected \`${m[0].slice(0, 40)}\`, expected ${expected}`);
    if (at >= text.length) {
      const open = this.stack.at(-1);
      const related = open
        ? {
            span: { start: open.open, end: open.open + 1 },
            message: `${open.kind === 'object' ? 'Object' : 'Array'} opened here`,
          }
        : undefined;
      this.fail(at, at, `Unexpected end of file, expected ${expected}: the file is truncated`, related);
    }
    const width = (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    this.fail(at, at + width, `Unexpected ${this.describe(at)}, expected ${expected}`);
  }

  /** Pointer of the innermost open container, plus `extra`. */
  pointer(extra?: string): string {
    const tokens: string[] = [];
    // Each enclosing frame contributes the key or index that leads to the next one.
    for (const frame of this.stack.slice(0, -1)) {
      tokens.push(frame.kind === 'object' ? frame.key : String((frame.container as unknown[]).length));
    }
    if (extra !== undefined) tokens.push(extra);
    return toPointer(tokens);
  }

  parseKey(frame: Frame): void {
    const text = this.text;
    this.i = skipWhitespace(text, this.i);
    if (text.charCodeAt(this.i) !== 0x22) this.unexpected(this.i, 'a property name in double quotes');
    const start = this.i;
    const key = this.parseString();
    const span = { start, end: this.i };
    const keys = (frame.keys ??= new Map());
    const earlier = keys.get(key);
    if (earlier) {
      frame.firstKeys ??= new Map();
      const first = frame.firstKeys.get(key) ?? earlier;
      frame.firstKeys.set(key, first);
      this.duplicates.push({ key, pointer: this.pointer(key), span, first });
    }
    keys.set(key, span);
    frame.key = key;
    frame.keySpan = span;
    this.i = skipWhitespace(text, this.i);
    if (text.charCodeAt(this.i) !== 0x3a) this.unexpected(this.i, '`:` after the property name');
    this.i++;
  }

  /** Reads the root value; its node (with `places`) records where every value is. */
  parseValue(): { value: unknown; node: JsonNode | undefined } {
    const text = this.text;
    const stack = this.stack;
    const places = this.places;
    let value: unknown;
    let node: JsonNode | undefined;
    for (;;) {
      // Read one value; containers push a frame and continue with their first child.
      this.i = skipWhitespace(text, this.i);
      const start = this.i;
      const c = text.charCodeAt(start);
      let opened = false;
      if (c === 0x7b) {
        this.i++;
        const frame: Frame = {
          kind: 'object',
          container: {},
          open: start,
          key: '',
          keySpan: { start, end: start },
          node: places ? { start, end: start, members: new Map() } : undefined,
        };
        this.i = skipWhitespace(text, this.i);
        if (text.charCodeAt(this.i) === 0x7d) {
          this.i++;
          value = frame.container;
          if (frame.node) frame.node.end = this.i;
          node = frame.node;
        } else {
          stack.push(frame);
          this.parseKey(frame);
          opened = true;
        }
      } else if (c === 0x5b) {
        this.i++;
        const frame: Frame = {
          kind: 'array',
          container: [],
          open: start,
          key: '',
          keySpan: { start, end: start },
          node: places ? { start, end: start, elements: [] } : undefined,
        };
        this.i = skipWhitespace(text, this.i);
        if (text.charCodeAt(this.i) === 0x5d) {
          this.i++;
          value = frame.container;
          if (frame.node) frame.node.end = this.i;
          node = frame.node;
        } else {
          stack.push(frame);
          opened = true;
        }
      } else if (c === 0x22) {
        value = this.parseString();
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        value = this.parseNumber();
      } else if (text.startsWith('true', start)) {
        this.i += 4;
        value = true;
      } else if (text.startsWith('false', start)) {
        this.i += 5;
        value = false;
      } else if (text.startsWith('null', start)) {
        this.i += 4;
        value = null;
      } else {
        this.unexpected(start, 'a value');
      }
      if (opened) continue;
      if (c !== 0x7b && c !== 0x5b) node = places ? { start, end: this.i } : undefined;
      // Attach the value to its parents, closing every container that ends here.
      for (;;) {
        const frame = stack.at(-1);
        if (!frame) {
          this.rootEnd = this.i;
          const end = skipWhitespace(text, this.i);
          if (end < text.length) this.unexpected(end, 'end of file after the JSON value');
          return { value, node };
        }
        if (frame.kind === 'object') {
          const object = frame.container as Record<string, unknown>;
          if (frame.key === '__proto__') {
            Object.defineProperty(object, frame.key, { value, writable: true, enumerable: true, configurable: true });
          } else {
            object[frame.key] = value;
          }
          if (node && frame.node) {
            node.key = frame.keySpan;
            frame.node.members!.set(frame.key, node);
          }
        } else {
          (frame.container as unknown[]).push(value);
          if (node && frame.node) frame.node.elements!.push(node);
        }
        this.i = skipWhitespace(text, this.i);
        const d = text.charCodeAt(this.i);
        const closer = frame.kind === 'object' ? 0x7d : 0x5d;
        if (d === 0x2c) {
          const comma = this.i;
          this.i = skipWhitespace(text, this.i + 1);
          if (text.charCodeAt(this.i) === closer) {
            this.fail(
              comma,
              comma + 1,
              `Unexpected trailing comma before \`${String.fromCharCode(closer)}\`: remove it`,
            );
          }
          if (frame.kind === 'object') this.parseKey(frame);
          break;
        }
        if (d === closer) {
          this.i++;
          value = frame.container;
          if (frame.node) frame.node.end = this.i;
          node = frame.node;
          stack.pop();
          continue;
        }
        this.unexpected(this.i, `\`,\` or \`${String.fromCharCode(closer)}\``);
      }
    }
  }

  parseString(): string {
    const text = this.text;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (Number.isNaN(c)) {
        this.fail(start, text.length, 'Unexpected end of file inside a string: add the closing `"`');
      }
      if (c < 0x20) {
        const name =
          c === 0x0a
            ? '`\\n`'
            : c === 0x09
              ? '`\\t`'
              : c === 0x0d
                ? '`\\r`'
                : `\`\\u${c.toString(16).padStart(4, '0')}\``;
        this.fail(i, i + 1, `Unexpected ${this.describe(i)} in a string: escape it as ${name}`);
      }
      if (c === 0x5c) {
        escaped = true;
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            this.fail(i, Math.min(i + 6, text.length), 'Unexpected `\\u` escape, expected four hex digits');
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i + 1] ?? '') || Number.isNaN(e)) {
          this.fail(
            i,
            i + 2,
            `Unexpected escape \`\\${text[i + 1] ?? ''}\`, expected one of \`\\"\`, \`\\\\\`, \`\\/\`, \`\\b\`, \`\\f\`, \`\\n\`, \`\\r\`, \`\\t\`, \`\\uXXXX\``,
          );
        }
        i += 2;
        continue;
      }
      i++;
    }
    this.i = i + 1;
    return escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
  }

  parseNumber(): number {
    const text = this.text;
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(text);
    if (!m) this.unexpected(this.i, 'a number');
    const end = this.i + m[0].length;
    if (end < text.length && /[0-9A-Za-z.]/.test(text[end]!)) {
      let tokenEnd = end;
      while (tokenEnd < text.length && /[0-9A-Za-z.+-]/.test(text[tokenEnd]!)) tokenEnd++;
      const token = text.slice(this.i, tokenEnd);
      const hint = /^-?0[0-9]/.test(token) ? ': leading zeros are not allowed' : '';
      this.fail(this.i, tokenEnd, `Unexpected \`${token.slice(0, 40)}\`, expected a number${hint}`);
    }
    const value = Number(m[0]);
    // JSON.parse reads `1e999` as Infinity, which every later step shows as `null`: say what it is here.
    if (!Number.isFinite(value))
      this.fail(
        this.i,
        end,
        `Unexpected \`${m[0].slice(0, 40)}\`, expected a number a double can hold (magnitude below 1.8e308)`,
      );
    this.i = end;
    return value;
  }
}
