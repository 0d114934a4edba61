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
  /** For each base taken, the suffix to try next: every lower one is taken (ids are never released). */
  readonly #nextSuffix = new Map<string, number>();

  /** The id of the node for `key`, derived from `prefix` and the key's letters and digits. */
  id(prefix: string, key: string): string {
    const known = this.#byKey.get(`${prefix}\u0000${key}`);
    if (known) return known;
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    let id = base;
    if (this.#used.has(id)) {
      // The smallest free `base_n`, n ≥ 2, found without trying again the ones taken before.
      let n = this.#nextSuffix.get(base) ?? 2;
      while (this.#used.has(`${base}_${n}`)) n++;
      id = `${base}_${n}`;
      this.#nextSuffix.set(base, n + 1);
    }
    this.#used.add(id);
    this.#byKey.set(`${prefix}\u0000${key}`, id);
    return id;
  }
}
