// Mermaid parses a diagram only after rewriting it: line endings normalised, front matter,
// `%%{...}%%` directives and `%%` comment lines removed, leading blank lines trimmed
// (mermaid 11, `src/preprocess.ts`). Its parse errors count lines of that rewritten text,
// so the same rewriting is replayed here with a map back to the text as written.

/** Mermaid's front matter block (`---` ... `---`), as in mermaid 11. */
const FRONT_MATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
/** Mermaid's `%%{...}%%` directive, as in mermaid 11. */
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
/** Mermaid's comment line, as in mermaid 11. */
const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

/** A text derived from another by deleting parts of it, with the origin of each character. */
export class MappedText {
  readonly text: string;
  /** `origin[i]` is the offset in the original text of `text[i]`; one extra entry for the end. */
  readonly #origin: Int32Array;

  constructor(text: string, origin?: Int32Array) {
    this.text = text;
    this.#origin = origin ?? Int32Array.from({ length: text.length + 1 }, (_, i) => i);
  }

  /** The original offset of an offset of this text (clamped). */
  originOf(offset: number): number {
    return this.#origin[Math.max(0, Math.min(offset, this.text.length))]!;
  }

  /** This text with every match of a global regex deleted. */
  deleteMatches(pattern: RegExp): MappedText {
    const keep: [number, number][] = [];
    let from = 0;
    for (const match of this.text.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      keep.push([from, match.index]);
      from = match.index + match[0].length;
    }
    if (keep.length === 0) return this;
    keep.push([from, this.text.length]);
    return this.#keep(keep);
  }

  /** This text without its first `count` characters. */
  deletePrefix(count: number): MappedText {
    return count <= 0 ? this : this.#keep([[count, this.text.length]]);
  }

  #keep(ranges: readonly [number, number][]): MappedText {
    const length = ranges.reduce((sum, [start, end]) => sum + end - start, 0);
    const origin = new Int32Array(length + 1);
    let text = '';
    let at = 0;
    for (const [start, end] of ranges) {
      text += this.text.slice(start, end);
      for (let i = start; i < end; i++) origin[at++] = this.#origin[i]!;
    }
    origin[length] = this.#origin[this.text.length]!;
    return new MappedText(text, origin);
  }
}

/** The diagram text mermaid's parser sees, mapped back to the text as written. */
export function preprocessForParse(diagram: string): MappedText {
  let mapped = new MappedText(diagram).deleteMatches(/\r(?=\n)/g);
  // A lone CR becomes LF in mermaid; same length, so only the text changes.
  if (mapped.text.includes('\r')) mapped = withText(mapped, mapped.text.replace(/\r/g, '\n'));
  const frontMatter = FRONT_MATTER.exec(mapped.text);
  if (frontMatter) mapped = mapped.deletePrefix(frontMatter[0].length);
  mapped = mapped.deleteMatches(DIRECTIVE);
  mapped = mapped.deleteMatches(COMMENT_LINE);
  const leading = /^\s*/.exec(mapped.text)![0].length;
  return mapped.deletePrefix(leading);
}

/** The keyword a diagram starts with (`flowchart`, `sequenceDiagram`), in its text as `preprocessForParse` gives it. */
export function leadingKeyword(preprocessed: string): string | undefined {
  return /^\s*([\w-]+)/.exec(preprocessed)?.[1];
}

/** The diagram's keyword as mermaid reads it: past front matter, directives and comments. */
export function diagramKeyword(diagram: string): string | undefined {
  return leadingKeyword(preprocessForParse(diagram).text);
}

function withText(mapped: MappedText, text: string): MappedText {
  const origin = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) origin[i] = mapped.originOf(i);
  return new MappedText(text, origin);
}
