import type { Root } from 'mdast';
import { LineIndex } from './line-index.js';

type MarkdownParser = (text: string) => Root;
let parserPromise: Promise<MarkdownParser> | undefined;

/** The unified + remark-parse + remark-frontmatter + remark-gfm parser, imported on first use. */
function markdownParser(): Promise<MarkdownParser> {
  parserPromise ??= (async () => {
    const [{ unified }, { default: remarkParse }, { default: remarkFrontmatter }, { default: remarkGfm }] =
      await Promise.all([
        import('unified'),
        import('remark-parse'),
        import('remark-frontmatter'),
        import('remark-gfm'),
      ]);
    const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
    return (text: string) => processor.parse(text) as Root;
  })();
  return parserPromise;
}

/** True once the Markdown parser has been imported in this process (tests check that runs which need no parse never load it). */
export function markdownParserLoaded(): boolean {
  return parserPromise !== undefined;
}

/**
 * A value read from a page's Markdown tree, named by `kind` (which is unique to the
 * reading): what `Workspace.readMarkdown` hands each reader of a page's one parse.
 */
export interface MarkdownReading<T> {
  readonly kind: string;
  read(document: MarkdownDocument): T;
}

/** A Markdown page parsed into an mdast tree with positions. */
export class MarkdownDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly tree: Root;

  constructor(text: string, tree: Root) {
    this.text = text;
    this.lines = new LineIndex(text);
    this.tree = tree;
  }
}

let parseObserver: ((text: string) => void) | undefined;

/** Calls `observer` with every text parsed from now on, `undefined` to stop: how tests count the parses of a run. */
export function observeMarkdownParses(observer: ((text: string) => void) | undefined): void {
  parseObserver = observer;
}

/** Parses Markdown (with YAML front matter and GFM) into a document. */
export async function parseMarkdown(text: string): Promise<MarkdownDocument> {
  const parse = await markdownParser();
  parseObserver?.(text);
  return new MarkdownDocument(text, parse(text));
}
