import type { Root } from 'mdast';
import { LineIndex } from './line-index.js';
import { CHUNKED_PARSE_BYTES, markdownCuts } from './markdown-chunks.js';

type MarkdownParser = (text: string) => Root;
let parserPromise: Promise<MarkdownParser> | undefined;

/** The unified + remark-parse + remark-frontmatter + remark-gfm parser, imported on first use. */
export function markdownParser(): Promise<MarkdownParser> {
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
  const cuts = text.length < CHUNKED_PARSE_BYTES ? [] : markdownCuts(text, CHUNK_CHARACTERS);
  return new MarkdownDocument(text, cuts.length ? parseInParts(parse, text, cuts) : parse(text));
}

/** The least a part of a page parsed in parts holds (`markdownCuts`). */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * The tree of `text` parsed in the parts `cuts` makes (see `markdownCuts`), one part at a time:
 * each part's blocks, moved to their place in the page, follow the previous part's.
 */
export function parseInParts(parse: (text: string) => Root, text: string, cuts: readonly number[]): Root {
  const children: Root['children'] = [];
  const starts = [0, ...cuts];
  let line = 1;
  let end: Root['position'];
  for (let index = 0; index < starts.length; index++) {
    const start = starts[index]!;
    const stop = starts[index + 1] ?? text.length;
    const part = parse(text.slice(start, stop));
    const moved = new Set<object>();
    const move = (node: { position?: Root['position']; children?: unknown[] }) => {
      for (const point of [node.position?.start, node.position?.end]) {
        if (!point || moved.has(point)) continue;
        moved.add(point);
        point.line += line - 1;
        if (point.offset !== undefined) point.offset += start;
      }
      for (const child of node.children ?? []) move(child as typeof node);
    };
    move(part);
    children.push(...part.children);
    end = part.position;
    for (let at = text.indexOf('\n', start); at !== -1 && at < stop; at = text.indexOf('\n', at + 1)) line++;
  }
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: end!.end },
  };
}
