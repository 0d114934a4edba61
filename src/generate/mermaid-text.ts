/** Characters that can stand in a quoted Mermaid label as they are. */
const PLAIN = /[A-Za-z0-9 .,:_/()=+-]/;

/**
 * A quoted Mermaid label that shows `text` as text: every other character (quotes,
 * brackets, `<`, `#`, `%`, `|`, `;`, any non-ASCII letter) is written as a numeric entity
 * (`#34;`), so no contract string can end the label, start a comment (`%%`), draw an
 * edge (`-->`) or inject HTML (`<script>`). Line breaks become spaces.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) {
    out += PLAIN.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  // `--` could still read as an edge in some parsers: keep the hyphens apart.
  return `"${out.replace(/-(?=-)/g, '-#8203;')}"`;
}

/** Hands out stable Mermaid node ids: readable, unique, never a keyword such as `end`. */
export class NodeIds {
  readonly #byKey = new Map<string, string>();
  readonly #used = new Set<string>();

  /** The id of the node for `key`, derived from `prefix` and the key's letters and digits. */
  id(prefix: string, key: string): string {
    const known = this.#byKey.get(`${prefix}\u0000${key}`);
    if (known) return known;
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    let id = base;
    for (let n = 2; this.#used.has(id); n++) id = `${base}_${n}`;
    this.#used.add(id);
    this.#byKey.set(`${prefix}\u0000${key}`, id);
    return id;
  }
}

/** Text for a Markdown table cell: pipes and line breaks escaped, HTML-significant characters as entities. */
export function tableCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** Inline code for prose: any contract string shows literally (code spans render no HTML and no entities). */
export function codeSpan(text: string): string {
  const code = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest || code.startsWith(' ') || code.endsWith(' ') ? `${ticks} ${code} ${ticks}` : `${ticks}${code}${ticks}`;
}

/** Inline code for a Markdown table cell: as `codeSpan`, with pipes escaped as GFM tables need. */
export function codeCell(text: string): string {
  return codeSpan(text.replace(/\|/g, '\\|'));
}
