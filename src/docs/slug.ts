// Heading anchors as the two renderers of an Atlas docs page compute them: MkDocs
// (Python-Markdown's `toc` extension) for the site, GitHub for the repository view. GitHub's
// are github-slugger's, which has no MkDocs counterpart in JavaScript: that half is here.

// `githubSlug(text)`: GitHub's anchor of a heading's text (lowercased, punctuation and symbols
// removed, spaces to `-`). `new GithubSlugger().slug(text)` assigns them in page order, a repeated
// slug getting `-1`, `-2`, ...
export { default as GithubSlugger, slug as githubSlug } from 'github-slugger';

/** Options of Python-Markdown's `toc` slugify, as `mkdocs.yml` may set them. */
export interface MkdocsSlugOptions {
  /** `toc.separator`, `-` by default. */
  separator?: string;
  /** True for `slugify_unicode`-style functions: letters outside ASCII are kept. */
  unicode?: boolean;
}

/**
 * Python-Markdown's `toc.slugify`: NFKD-normalise and drop what is not ASCII (unless
 * `unicode`), remove characters other than word characters, spaces and hyphens, trim,
 * lowercase, and collapse runs of spaces and separators into one separator.
 */
export function mkdocsSlug(text: string, options: MkdocsSlugOptions = {}): string {
  const separator = options.separator ?? '-';
  let value = text;
  if (!options.unicode) {
    // `unicodedata.normalize('NFKD', v).encode('ascii', 'ignore')`
    value = value.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  }
  // Python's `\w` on str: alphanumerics (str.isalnum) and `_`; `\s`: Unicode whitespace.
  value = value
    .replace(/[^\p{L}\p{N}_\s-]/gu, '')
    .trim()
    .toLowerCase();
  const runs = new RegExp(`[${escapeClass(separator)}\\s]+`, 'gu');
  return value.replace(runs, separator);
}

/** Assigns MkDocs ids in page order: an id already used gets `_1`, `_2`, ... as Python-Markdown's `unique` does. */
export class MkdocsIds {
  readonly #used: Set<string>;

  /** `reserved`: ids present before slugs are assigned (explicit `{#id}` attributes). */
  constructor(reserved: Iterable<string> = []) {
    this.#used = new Set(reserved);
  }

  /** The unique id for a slug, recorded as used. */
  next(slug: string): string {
    let id = slug;
    while (this.#used.has(id) || id === '') {
      const numbered = /^(.*)_([0-9]+)$/.exec(id);
      id = numbered ? `${numbered[1]}_${Number(numbered[2]) + 1}` : `${id}_1`;
    }
    this.#used.add(id);
    return id;
  }
}

function escapeClass(text: string): string {
  return text.replace(/[\\\]^-]/g, '\\$&');
}
