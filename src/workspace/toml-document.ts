import type { AST } from 'toml-eslint-parser';
import { capitalise } from '../prose.js';
import { type PointerLocation, pointerTokens, type Span, toPointer } from './json-document.js';
import { LineIndex } from './line-index.js';
import { isTooDeep, TOO_DEEP_REASON } from './too-deep.js';

type TomlModule = typeof import('toml-eslint-parser');

/** A TOML problem at an exact place. */
export interface TomlProblem {
  span: Span;
  message: string;
}

/** Where a value of the document is written: its node, and the key that names it when there is one. */
interface TomlPlace {
  span: Span;
  key?: Span;
}

/**
 * A TOML file parsed with positions (toml-eslint-parser, which keeps a range on every
 * node). Its value is plain JSON data, as a schema validates it: date-times become their
 * RFC 3339 text and integers beyond 2^53 become numbers.
 */
export class TomlDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly value: unknown;
  readonly problems: readonly TomlProblem[];
  /** Every value's place by JSON pointer; tables named only through dotted keys point at their first mention. */
  readonly #places = new Map<string, TomlPlace>();

  /** Parses `text` with the parser module (an ES module, so callers load it asynchronously: see `parseToml`). */
  constructor(text: string, parser: TomlModule) {
    this.text = text;
    this.lines = new LineIndex(text);
    const problems: TomlProblem[] = [];
    let value: unknown;
    try {
      const { parseTOML, getStaticTOMLValue } = parser;
      const program = parseTOML(text);
      value = toJson(getStaticTOMLValue(program));
      this.#places.set('', { span: { start: 0, end: text.length } });
      const top = program.body[0];
      if (top) this.#indexTable(top.body, []);
    } catch (error) {
      const parseError = error as { index?: number; message?: string };
      const at = typeof parseError.index === 'number' ? Math.min(parseError.index, text.length) : 0;
      problems.push({ span: { start: at, end: Math.min(at + 1, text.length) }, message: tomlMessage(parseError) });
    }
    this.value = value;
    this.problems = problems;
  }

  /** True when the text parsed without errors. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Finds a pointer's node; a missing pointer resolves to its nearest existing parent. */
  locate(pointer: string): PointerLocation {
    const tokens = pointerTokens(pointer);
    for (let depth = tokens.length; depth >= 0; depth--) {
      const prefix = toPointer(tokens.slice(0, depth));
      const place = this.#places.get(prefix);
      if (place) {
        const located: PointerLocation = { span: place.span, pointer: prefix, exact: depth === tokens.length };
        if (place.key) located.key = place.key;
        return located;
      }
    }
    return { span: { start: 0, end: 0 }, pointer: '', exact: false };
  }

  #set(path: readonly (string | number)[], place: TomlPlace): void {
    const pointer = toPointer(path.map(String));
    if (!this.#places.has(pointer)) this.#places.set(pointer, place);
  }

  #indexTable(body: readonly (AST.TOMLKeyValue | AST.TOMLTable)[], base: readonly (string | number)[]): void {
    for (const node of body) {
      if (node.type === 'TOMLTable') {
        const path = node.resolvedKey;
        const key = rangeOf(node.key);
        // Header prefixes (`[a.b]` names `a`) point at the header too.
        for (let i = 1; i < path.length; i++) this.#set(path.slice(0, i), { span: rangeOf(node), key });
        this.#set(path, { span: rangeOf(node), key });
        this.#indexTable(node.body, path);
      } else {
        this.#indexKeyValue(node, base);
      }
    }
  }

  #indexKeyValue(node: AST.TOMLKeyValue, base: readonly (string | number)[]): void {
    const names = node.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
    const key = rangeOf(node.key);
    for (let i = 1; i < names.length; i++) this.#set([...base, ...names.slice(0, i)], { span: rangeOf(node), key });
    const path = [...base, ...names];
    this.#set(path, { span: rangeOf(node.value), key });
    this.#indexValue(node.value, path);
  }

  #indexValue(node: AST.TOMLContentNode, path: readonly (string | number)[]): void {
    if (node.type === 'TOMLInlineTable') {
      for (const inner of node.body) this.#indexKeyValue(inner, path);
    } else if (node.type === 'TOMLArray') {
      node.elements.forEach((element, index) => {
        this.#set([...path, index], { span: rangeOf(element) });
        this.#indexValue(element, [...path, index]);
      });
    }
  }
}

function rangeOf(node: { range: [number, number] }): Span {
  return { start: node.range[0], end: node.range[1] };
}

/** TOML values as JSON data: dates as their text, big integers as numbers, everything else as is. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) result[key] = toJson(inner);
    return result;
  }
  return value;
}

function tomlMessage(error: { message?: string }): string {
  if (isTooDeep(error)) return capitalise(TOO_DEEP_REASON);
  const first = (error.message ?? 'Unreadable TOML').split('\n')[0]!.trim();
  return first.charAt(0).toUpperCase() + first.slice(1);
}

let tomlModule: Promise<TomlModule> | undefined;

/** Parses TOML text, loading the parser on first use so runs without TOML never pay for it; never rejects. */
export async function parseToml(text: string): Promise<TomlDocument> {
  tomlModule ??= import('toml-eslint-parser');
  return new TomlDocument(text, await tomlModule);
}
