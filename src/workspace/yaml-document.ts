import type { Document, Pair, YAMLMap, Node as YamlNode } from 'yaml';
import { loadPackage } from '../load-package.js';
import { capitalise } from '../prose.js';
import { type PointerLocation, pointerTokens, type Span, toPointer } from './json-document.js';
import { LineIndex } from './line-index.js';
import { isTooDeep, TOO_DEEP_REASON } from './too-deep.js';

/** The `yaml` package, loaded on first use so runs without YAML never pay for it. */
const yaml = () => loadPackage<typeof import('yaml')>('yaml');

/** A YAML problem at an exact place. */
export interface YamlProblem {
  span: Span;
  message: string;
}

/** How many alias expansions a document may make before it is a finding: a YAML bomb stops here. */
const MAX_ALIAS_COUNT = 1000;

/**
 * A YAML file parsed with positions, read as Helm reads it: merge keys (`<<: *base`,
 * `<<: [*a, *b]`) are applied, tags are inert (`!ENV`, `!!python/name:...`, even
 * `!!binary` or `!!set` give plain values, as MkDocs configs need and Helm's
 * YAML-to-JSON conversion does), and aliases are bounded so a YAML bomb is a problem.
 * The parser's tree is not kept once the value is read: it takes about ten times the memory
 * of the text, and most documents of a run are never asked where a value is. `document` and
 * `locate` below the root parse the text again, and the tree is kept from then on.
 */
export class YamlDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly value: unknown;
  readonly problems: readonly YamlProblem[];
  /** The parser's tree, while it is needed; `undefined` once the value is read, until asked for again. */
  #document: Document.Parsed | undefined;
  /** Parses the text again to the same tree. */
  readonly #reparse: () => Document.Parsed;
  /** The root node's range, `undefined` when the document has no content (`contents` is null). */
  readonly #rootRange: readonly [number, number] | undefined;

  /**
   * Parses `text` as one document, or wraps `parsed`, one document of a stream over `text`
   * (positions stay file offsets) that `reparse` parses again.
   */
  constructor(text: string, parsed?: Document.Parsed, lines?: LineIndex, reparse?: () => Document.Parsed) {
    this.text = text;
    this.lines = lines ?? new LineIndex(text);
    this.#reparse = reparse ?? (() => yaml().parseDocument(text, PARSE_OPTIONS));
    this.#document = parsed ?? this.#reparse();
    const range = this.#document.contents?.range;
    this.#rootRange = range ? [range[0], range[1]] : undefined;
    const problems: YamlProblem[] = this.#document.errors.map((e) => ({
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
      message: yamlMessage(e.message),
    }));
    let value: unknown;
    if (problems.length === 0) {
      try {
        value = this.#document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        problems.push(this.#conversionProblem(error as Error));
      }
    }
    this.value = value;
    this.problems = problems;
    this.#document = undefined;
  }

  /** The parser's tree of the document (parsed again when it was let go). */
  get document(): Document.Parsed {
    this.#document ??= this.#reparse();
    return this.#document;
  }

  /** True when the parser found no content (a blank document; `document.contents` is null). */
  get empty(): boolean {
    return this.#rootRange === undefined;
  }

  /** Whether the parser's tree is at hand (after `document` or a `locate` below the root); for tests. */
  get treeKept(): boolean {
    return this.#document !== undefined;
  }

  /** A document that parsed but cannot become a value: a YAML bomb is placed at its first alias, with what to do. */
  #conversionProblem(error: Error): YamlProblem {
    if (!/alias count/i.test(error.message)) return { span: { start: 0, end: 0 }, message: yamlMessage(error.message) };
    const { isAlias, visit } = yaml();
    let span: Span = { start: 0, end: 0 };
    visit(this.document, {
      Alias(_key, node) {
        if (!isAlias(node) || !node.range) return undefined;
        span = { start: node.range[0], end: node.range[1] };
        return visit.BREAK;
      },
    });
    return {
      span,
      message: `Unexpected aliases expanding past ${MAX_ALIAS_COUNT} nodes (a YAML bomb): write the values out or nest fewer aliases`,
    };
  }

  /** True when the text parsed without errors. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Finds a pointer's node; a missing pointer resolves to its nearest existing parent. */
  locate(pointer: string): PointerLocation {
    const tokens = pointerTokens(pointer);
    const rootRange = this.#rootRange;
    let located: PointerLocation = {
      span: rootRange ? { start: rootRange[0], end: rootRange[1] } : { start: 0, end: 0 },
      pointer: '',
      exact: true,
    };
    if (tokens.length === 0) return located;
    const { isMap, isSeq } = yaml();
    const document = this.document;
    let node: unknown = document.contents;
    for (let depth = 0; depth < tokens.length; depth++) {
      const token = tokens[depth]!;
      let next: YamlNode | null | undefined;
      let key: Span | undefined;
      if (isMap(node)) {
        const pair = findPair(document, node, token);
        if (pair) {
          next = pair.value as YamlNode | null;
          const keyRange = (pair.key as YamlNode | null)?.range;
          if (keyRange) key = { start: keyRange[0], end: keyRange[1] };
          if (!next && key) {
            // `key:` with no value: point at the key.
            located = { span: key, key, pointer: toPointer(tokens.slice(0, depth + 1)), exact: true };
            node = undefined;
            continue;
          }
        }
      } else if (isSeq(node) && /^(0|[1-9][0-9]*)$/.test(token)) {
        next = node.items[Number(token)] as YamlNode | undefined;
      }
      if (!next?.range) return { ...located, exact: false };
      located = {
        span: { start: next.range[0], end: next.range[1] },
        key,
        pointer: toPointer(tokens.slice(0, depth + 1)),
        exact: true,
      };
      node = next;
    }
    return located;
  }
}

/** The pair of a map that sets `key`: its own, else the first merged map's (`<<`), as merge keys apply. */
function findPair(document: Document, map: YAMLMap, key: string, seen = new Set<YAMLMap>()): Pair | undefined {
  const { isMap, isScalar, isSeq, isAlias } = yaml();
  if (seen.has(map)) return undefined;
  seen.add(map);
  const keyOf = (p: Pair) => String(isScalar(p.key) ? p.key.value : p.key);
  const own = map.items.find((p) => !isMergeKey(p.key) && keyOf(p) === key);
  if (own) return own;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(document) : source;
      if (isMap(target)) {
        const found = findPair(document, target, key, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** YAML 1.1's merge key: the parser gives a plain `<<` (not a quoted one) a symbol value. */
function isMergeKey(key: unknown): boolean {
  const { isScalar } = yaml();
  return isScalar(key) && typeof key.value === 'symbol';
}

/** Options of every YAML parse: errors as data, duplicate keys reported, merge keys applied, tags inert. */
const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: false,
  merge: true,
  resolveKnownTags: false,
} as const;

/**
 * Parses a YAML stream into its documents (`---` separated), each with positions in the
 * whole text; never throws. A blank stream is one empty document, so callers always get one.
 */
export function parseYamlDocuments(text: string): YamlDocument[] {
  const lines = new LineIndex(text);
  const streamOf = (): Document.Parsed[] => {
    const parsed = yaml().parseAllDocuments(text, PARSE_OPTIONS);
    return Array.isArray(parsed) ? parsed : [];
  };
  const documents = streamOf();
  if (documents.length === 0) return [new YamlDocument(text, undefined, lines)];
  // Parsed again at most once for the whole stream, when one of its documents is asked where a value is.
  let again: Document.Parsed[] | undefined;
  return documents.map(
    (document, index) =>
      new YamlDocument(text, document, lines, () => {
        again ??= streamOf();
        return again[index]!;
      }),
  );
}

/** Parses YAML text; never throws. */
export function parseYaml(text: string): YamlDocument {
  return new YamlDocument(text);
}

function yamlMessage(message: string): string {
  if (isTooDeep({ message })) return capitalise(TOO_DEEP_REASON);
  const first = message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  return first.charAt(0).toUpperCase() + first.slice(1);
}
