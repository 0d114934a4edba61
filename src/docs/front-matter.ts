import type { Span } from '../workspace/json-document.js';
import { LineIndex, type Range } from '../workspace/line-index.js';
import { parseYaml, type YamlDocument } from '../workspace/yaml-document.js';

/**
 * A page's YAML front matter, parsed on its own with positions mapped back to the page:
 * line 1 of the YAML is the line after the opening `---`.
 */
export class FrontMatter {
  /** The whole block, fences included. */
  readonly range: Range;
  /** Page line of the first YAML line. */
  readonly firstLine: number;
  /** The YAML text between the fences. */
  readonly source: string;
  #yaml: YamlDocument | undefined;
  #lines: LineIndex | undefined;

  constructor(source: string, range: Range) {
    this.range = range;
    this.firstLine = range.start.line + 1;
    this.source = source;
  }

  #lineIndex(): LineIndex {
    this.#lines ??= new LineIndex(this.source);
    return this.#lines;
  }

  /** The YAML, parsed on first use: a run that recalls what the rules found in it parses none. */
  get yaml(): YamlDocument {
    this.#yaml ??= parseYaml(this.source);
    return this.#yaml;
  }

  /** The parsed value: `undefined` when the YAML has errors, `null` for an empty block. */
  get value(): unknown {
    return this.yaml.ok ? (this.yaml.value ?? null) : undefined;
  }

  /** The value as a mapping, or `undefined` when it is not one. */
  get fields(): Record<string, unknown> | undefined {
    const value = this.value;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  }

  /** The page range of a span of the YAML text. */
  rangeOf(span: Span): Range {
    const range = this.#lineIndex().range(span.start, span.end);
    const shift = this.firstLine - 1;
    return {
      start: { line: range.start.line + shift, column: range.start.column },
      end: { line: range.end.line + shift, column: range.end.column },
    };
  }

  /** The page range of a JSON pointer into the front matter (its nearest existing parent when absent). */
  rangeOfPointer(pointer: string, onKey = false): Range {
    const located = this.yaml.locate(pointer);
    if (located.pointer === '' && this.yaml.empty) return this.range;
    return this.rangeOf(onKey && located.key ? located.key : located.span);
  }
}
