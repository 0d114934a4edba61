import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import { type PointerLocation, pointerTokens, type Span, toPointer } from './json-document.js';
import { LineIndex } from './line-index.js';

const require = createRequire(import.meta.url);
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/** The `yaml` package, loaded on first use so runs without YAML never pay for it. */
function yaml(): YamlModule {
  yamlModule ??= require('yaml') as YamlModule;
  return yamlModule;
}

/** A YAML problem at an exact place. */
export interface YamlProblem {
  span: Span;
  message: string;
}

/**
 * A YAML file parsed with positions. Unknown tags (`!ENV`, `!!python/name:...`) are
 * kept as plain values rather than failing, as MkDocs configs need.
 */
export class YamlDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly document: Document.Parsed;
  readonly value: unknown;
  readonly problems: readonly YamlProblem[];

  constructor(text: string) {
    this.text = text;
    this.lines = new LineIndex(text);
    const { parseDocument } = yaml();
    this.document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false });
    const problems: YamlProblem[] = this.document.errors.map((e) => ({
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
      message: yamlMessage(e.message),
    }));
    let value: unknown;
    if (problems.length === 0) {
      try {
        value = this.document.toJS({ maxAliasCount: 1000 });
      } catch (error) {
        problems.push({ span: { start: 0, end: 0 }, message: yamlMessage((error as Error).message) });
      }
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
    const { isMap, isSeq, isScalar } = yaml();
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
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === token);
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

/** Parses YAML text; never throws. */
export function parseYaml(text: string): YamlDocument {
  return new YamlDocument(text);
}

function yamlMessage(message: string): string {
  const first = message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  return first.charAt(0).toUpperCase() + first.slice(1);
}
