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
 */
export class YamlDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly document: Document.Parsed;
  readonly value: unknown;
  readonly problems: readonly YamlProblem[];

  /** Parses `text` as one document, or wraps `parsed`, one document of a stream over `text` (positions stay file offsets). */
  constructor(text: string, parsed?: Document.Parsed, lines?: LineIndex) {
    this.text = text;
    this.lines = lines ?? new LineIndex(text);
    this.document = parsed ?? yaml().parseDocument(text, PARSE_OPTIONS);
    const problems: YamlProblem[] = this.document.errors.map((e) => ({
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
      message: yamlMessage(e.message),
    }));
    let value: unknown;
    if (problems.length === 0) {
      try {
        value = this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        problems.push(this.#conversionProblem(error as Error));
      }
    }
    this.value = value;
    this.problems = problems;
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
    const { isMap, isSeq } = yaml();
    const tokens = pointerTokens(pointer);
    const rootRange = this.document.contents?.range;
    let located: PointerLocation = {
      span: rootRange ? { start: rootRange[0], end: rootRange[1] } : { start: 0, end: 0 },
      pointer: '',
      exact: true,
    };
    let node: unknown = this.document.contents;
    for (let depth = 0; depth < tokens.length; depth++) {
      const token = tokens[depth]!;
      let next: YamlNode | null | undefined;
      let key: Span | undefined;
      if (isMap(node)) {
        const pair = findPair(this.document, node, token);
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
  const parsed = yaml().parseAllDocuments(text, PARSE_OPTIONS);
  const documents = Array.isArray(parsed) ? parsed : [];
  if (documents.length === 0) return [new YamlDocument(text, undefined, lines)];
  return documents.map((document) => new YamlDocument(text, document, lines));
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
