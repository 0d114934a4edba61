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
  const cuts = text.length < CHUNKED_PARSE_BYTES ? [] : partCuts(text, markdownCuts(text, 0));
  return new MarkdownDocument(text, cuts.length ? parseInParts(parse, text, cuts) : parse(text));
}

/** A part this long that is one fenced code block has its content read without the parser (`parseFencePart`). */
const FENCE_PART_CHARACTERS = 16 * 1024;

/**
 * The tree of a part that is one fenced code block at the top level (a generated diagram of
 * hundreds of kilobytes), read without running the parser over its content, where remark holds
 * about 150 bytes a character: the fences alone are parsed (for the language and meta), and the
 * content, the lines between them as they are, is put in the block. `undefined` for any other part.
 */
function parseFencePart(parse: (text: string) => Root, part: string): Root | undefined {
  const opening = /^(`{3,}|~{3,})([^\n]*)\n/.exec(part);
  if (!opening || (opening[1]![0] === '`' && opening[2]!.includes('`'))) return undefined;
  const marker = opening[1]!;
  // The first line after the opening that closes it (the same character, at least as many, nothing after).
  const close = new RegExp(`\\n {0,3}(${marker[0]}{${marker.length},})[ \\t]*(?=\\r?\\n|$)`, 'g');
  close.lastIndex = opening[0].length - 1;
  const closing = close.exec(part);
  if (!closing || closing.index < opening[0].length) return undefined;
  const closeStart = closing.index + 1;
  const closeEnd = closing.index + closing[0].length;
  // Only blank lines may follow the block in the part.
  if (part.slice(closeEnd).trim() !== '') return undefined;
  const contentStart = opening[0].length;
  const contentEnd = part[closing.index - 1] === '\r' ? closing.index - 1 : closing.index;
  const skeleton = `${part.slice(0, contentStart)}${part.slice(closeStart)}`;
  const tree = parse(skeleton);
  const code = tree.children[0];
  if (tree.children.length !== 1 || code?.type !== 'code') return undefined;
  const content = part.slice(contentStart, contentEnd);
  code.value = content;
  // Points after the content move by its lines and characters.
  const lines = content.split('\n').length;
  const characters = closeStart - contentStart;
  for (const point of [code.position?.end, tree.position?.end]) {
    if (!point) continue;
    point.line += lines;
    if (point.offset !== undefined) point.offset += characters;
  }
  return tree;
}

/** The least a part of a page parsed in parts holds (`markdownCuts`), unless it is one long fenced block. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Of the places a page can be cut (`markdownCuts`), those that make parts of at least
 * `CHUNK_CHARACTERS`, and each long part that starts with a fence a part of its own, so that
 * `parseFencePart` can read it.
 */
function partCuts(text: string, cuts: readonly number[]): number[] {
  const bounds = [0, ...cuts, text.length];
  const fenced = (index: number) =>
    bounds[index + 1]! - bounds[index]! >= FENCE_PART_CHARACTERS &&
    /^(?:`{3}|~{3})/.test(text.slice(bounds[index], bounds[index]! + 3));
  const kept: number[] = [];
  let last = 0;
  for (let index = 1; index < bounds.length - 1; index++) {
    if (bounds[index]! - last >= CHUNK_CHARACTERS || fenced(index) || fenced(index - 1)) {
      kept.push(bounds[index]!);
      last = bounds[index]!;
    }
  }
  return kept;
}

/**
 * The tree of `text` parsed in the parts `cuts` makes (see `markdownCuts`), one part at a time:
 * each part's blocks, moved to their place in the page, follow the previous part's.
 */
export function parseInParts(
  parse: (text: string) => Root,
  text: string,
  cuts: readonly number[],
  fenceCharacters = FENCE_PART_CHARACTERS,
): Root {
  const children: Root['children'] = [];
  const starts = [0, ...cuts];
  let line = 1;
  let end: Root['position'];
  for (let index = 0; index < starts.length; index++) {
    const start = starts[index]!;
    const stop = starts[index + 1] ?? text.length;
    const slice = text.slice(start, stop);
    const part = (slice.length >= fenceCharacters ? parseFencePart(parse, slice) : undefined) ?? parse(slice);
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
