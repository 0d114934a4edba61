import type { Code, Nodes } from 'mdast';
import { parseRegions } from '../generate/markers.js';
import { LineIndex, type Position, type Range } from '../workspace/line-index.js';
import type { MarkdownDocument, MarkdownReading } from '../workspace/markdown-document.js';
import { FrontMatter } from './front-matter.js';
import { GithubSlugger, MkdocsIds, type MkdocsSlugOptions, mkdocsSlug } from './slug.js';

/** A heading with the anchors each renderer gives it. */
export interface PageHeading {
  depth: number;
  /** Plain text as rendered (inline code kept, markup and a trailing `{#id}` attribute list dropped). */
  text: string;
  /** The text GitHub slugs: as written, attribute list included. */
  githubText: string;
  range: Range;
  /** MkDocs id: the explicit `{#id}` when there is one, else the unique `toc` slug. */
  mkdocsId: string;
  /** GitHub anchor (github-slugger, duplicates `-1`, `-2`). */
  githubId: string;
  /** Index of the heading in page order. */
  index: number;
}

/** A link destination written in the page: `[text](url)`, `![alt](url)` or `[id]: url`. */
export interface PageLink {
  url: string;
  range: Range;
  kind: 'link' | 'image' | 'definition';
}

/** A backticked span of prose, with the headings it sits under. */
export interface CodeSpan {
  value: string;
  range: Range;
  /** Indexes of the enclosing headings, outermost first. */
  sections: readonly number[];
}

/** A ```` ```mermaid ```` fence. */
export interface MermaidBlock {
  /** The diagram text, as mdast gives it (container indentation removed). */
  value: string;
  /** The whole fence, opening and closing lines included. */
  range: Range;
  /** Page line of the diagram's first line. */
  firstLine: number;
  /** False when the fence is never closed and runs to the end of the page. */
  closed: boolean;
  /** The opening fence as written (```` ``` ```` or `~~~`, possibly longer). */
  fence: string;
}

/** A heading as the Markdown tree gives it, before anchors are assigned (they depend on the MkDocs config). */
interface OutlineHeading {
  depth: number;
  /** Plain text with a trailing `{#id}` attribute list dropped. */
  text: string;
  /** The text GitHub slugs: as written, attribute list included. */
  githubText: string;
  explicit?: string;
  range: Range;
}

/**
 * What the docs rules need of a page's Markdown tree, as plain data: a pure function of
 * the page's text, so a run with the result cache reuses it for a page it has seen.
 */
export interface PageOutline {
  frontMatter:
    | { kind: 'present'; source: string; range: Range }
    | { kind: 'missing' }
    | { kind: 'unterminated'; range: Range };
  headings: OutlineHeading[];
  links: PageLink[];
  codeSpans: CodeSpan[];
  mermaidBlocks: MermaidBlock[];
  /** HTML `id`/`name` attributes, in page order. */
  htmlAnchors: string[];
  /** Ids written as `{#id}` attribute lists: in text first, then on headings. */
  explicitIds: string[];
  /** The lines of each generated region's content. */
  generatedLines: { first: number; last: number }[];
}

/** The memo kind of a page's outline; a new name whenever what an outline holds changes. */
export const OUTLINE_KIND = 'docs-outline-1';

/** A page's outline, read from its Markdown tree (`Workspace.readMarkdown`). */
export const OUTLINE_READING: MarkdownReading<PageOutline> = {
  kind: OUTLINE_KIND,
  read: (document) => outlinePage(document),
};

/** What a page's front matter looks like before any validation. */
export type FrontMatterState =
  | { kind: 'present'; frontMatter: FrontMatter }
  | { kind: 'missing' }
  /** Opened with `---` on line 1 but never closed. */
  | { kind: 'unterminated'; range: Range };

/**
 * One docs page parsed once for every docs rule: front matter, headings with their
 * MkDocs and GitHub anchors, links, code spans with their sections, Mermaid blocks.
 */
export class DocsPage {
  readonly file: string;
  /** The page's text and line index; its Markdown tree is read once here and not kept, so pages cost little memory. */
  readonly document: Pick<MarkdownDocument, 'text' | 'lines'>;
  readonly frontMatter: FrontMatterState;
  readonly headings: PageHeading[] = [];
  readonly links: PageLink[] = [];
  readonly codeSpans: CodeSpan[] = [];
  readonly mermaidBlocks: MermaidBlock[] = [];
  /** Every anchor a link may target: both slug flavours, explicit `{#id}`s and HTML `id`/`name` attributes. */
  readonly anchors = new Set<string>();
  /** Ids written as `{#id}` attribute lists. */
  readonly #explicitIds = new Set<string>();

  constructor(file: string, text: string, outline: PageOutline, slugOptions: MkdocsSlugOptions = {}) {
    this.file = file;
    this.document = { text, lines: new LineIndex(text) };
    const front = outline.frontMatter;
    this.frontMatter =
      front.kind === 'present' ? { kind: 'present', frontMatter: new FrontMatter(front.source, front.range) } : front;
    this.links.push(...outline.links);
    this.codeSpans.push(...outline.codeSpans);
    const starts = this.document.lines.lineStarts;
    for (const block of outline.mermaidBlocks) {
      const from = starts[block.firstLine - 1];
      this.mermaidBlocks.push(from === undefined ? block : { ...block, value: sliceOf(text, from, block.value) });
    }
    for (const anchor of outline.htmlAnchors) this.anchors.add(anchor);
    for (const id of outline.explicitIds) this.#explicitIds.add(id);
    this.#assignIds(outline.headings, slugOptions);
    this.#generatedLines = outline.generatedLines;
  }

  /** A page read from its parsed Markdown. */
  static fromDocument(file: string, document: MarkdownDocument, slugOptions: MkdocsSlugOptions = {}): DocsPage {
    return new DocsPage(file, document.text, outlinePage(document), slugOptions);
  }

  /**
   * True when a 1-based page line lies inside a region that `surveyor generate` writes:
   * its content derives from the contracts, whose own rules report their defects.
   */
  inGeneratedRegion(line: number): boolean {
    return this.#generatedLines.some((range) => line >= range.first && line <= range.last);
  }

  readonly #generatedLines: readonly { first: number; last: number }[];

  /** Depth-1 headings, in page order. */
  get titles(): PageHeading[] {
    return this.headings.filter((h) => h.depth === 1);
  }

  /** Code spans inside sections whose heading reads `title` (compared without regard to case or spacing). */
  codeSpansUnder(title: string): CodeSpan[] {
    const wanted = normaliseTitle(title);
    const sections = new Set(this.headings.filter((h) => normaliseTitle(h.text) === wanted).map((h) => h.index));
    if (sections.size === 0) return [];
    return this.codeSpans.filter((span) => span.sections.some((i) => sections.has(i)));
  }

  /** The page position right after the front matter (where an H1 belongs). */
  get bodyStart(): Position {
    return this.frontMatter.kind === 'present'
      ? { line: this.frontMatter.frontMatter.range.end.line + 1, column: 1 }
      : { line: 1, column: 1 };
  }

  /** Heading anchors in page order, for "did you mean" suggestions. */
  get headingAnchors(): string[] {
    return [...new Set(this.headings.flatMap((h) => [h.mkdocsId, h.githubId])), ...this.#explicitIds];
  }

  /** The page position of a 1-based line/column inside a Mermaid block's text. */
  positionInBlock(block: MermaidBlock, line: number, column?: number): Position {
    const pageLine = block.firstLine + line - 1;
    if (column === undefined) return { line: pageLine, column: 1 };
    const written = this.#lineText(pageLine).replace(/\r$/, '');
    const inBlock = block.value.split('\n')[line - 1] ?? '';
    // Container prefixes (list indentation, `> `) are not part of the block's text.
    const shift = written.endsWith(inBlock) ? written.length - inBlock.length : 0;
    return { line: pageLine, column: column + shift };
  }

  #lineText(line: number): string {
    const starts = this.document.lines.lineStarts;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const end = starts[line] ?? this.document.text.length + 1;
    return this.document.text.slice(start, end - 1);
  }

  #assignIds(pending: readonly OutlineHeading[], options: MkdocsSlugOptions): void {
    const mkdocs = new MkdocsIds(this.#explicitIds);
    const github = new GithubSlugger();
    pending.forEach((heading, index) => {
      const mkdocsId = heading.explicit ?? mkdocs.next(mkdocsSlug(heading.text, options));
      // GitHub knows no attribute lists: it slugs the heading as written.
      const githubId = github.slug(heading.githubText);
      this.headings.push({
        depth: heading.depth,
        text: heading.text,
        // One string when the two are equal, as they are but for an attribute list: a recalled outline holds two copies.
        githubText: heading.githubText === heading.text ? heading.text : heading.githubText,
        range: heading.range,
        mkdocsId,
        githubId,
        index,
      });
      this.anchors.add(mkdocsId);
      this.anchors.add(githubId);
    });
    for (const id of this.#explicitIds) this.anchors.add(id);
    this.anchors.delete('');
  }
}

/** A heading text for comparisons: spacing collapsed, case ignored. */
export function normaliseTitle(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A node's text as a renderer shows it: text and inline code kept, images and raw HTML dropped. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
    case 'html':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? node.children.map((c) => plainText(c)).join('') : '';
  }
}

function rangeOf(node: Nodes): Range {
  const position = node.position;
  if (!position) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return {
    start: { line: position.start.line, column: position.start.column },
    end: { line: position.end.line, column: position.end.column },
  };
}

/** What the docs rules need of a page's Markdown tree, read in one walk. */
export function outlinePage(document: MarkdownDocument): PageOutline {
  const outline: PageOutline = {
    frontMatter: readFrontMatter(document),
    headings: [],
    links: [],
    codeSpans: [],
    mermaidBlocks: [],
    htmlAnchors: [],
    explicitIds: [],
    generatedLines: parseRegions(document.text, document.tree).regions.map((region) => ({
      first: document.lines.position(region.content.start).line,
      last: document.lines.position(region.content.end).line,
    })),
  };
  const { headings } = outline;
  let sections: number[] = [];
  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'heading': {
        const raw = plainText(node);
        const attributes = /\{:?\s*([^{}]*)\}\s*$/.exec(raw);
        const explicit = attributes ? /(?:^|\s)#([^\s}]+)/.exec(attributes[1]!)?.[1] : undefined;
        const text = (attributes && explicit !== undefined ? raw.slice(0, attributes.index) : raw).trim();
        const index = headings.length;
        // GitHub knows no attribute lists: it slugs the heading as written.
        const githubText = explicit === undefined ? text : raw.trim();
        headings.push({
          depth: node.depth,
          text,
          githubText,
          ...(explicit === undefined ? {} : { explicit }),
          range: rangeOf(node),
        });
        sections = [...sections.filter((i) => headings[i]!.depth < node.depth), index];
        break;
      }
      case 'inlineCode':
        outline.codeSpans.push({ value: node.value, range: rangeOf(node), sections });
        return;
      case 'link':
      case 'image':
      case 'definition':
        outline.links.push({ url: node.url, range: rangeOf(node), kind: node.type });
        break;
      case 'html':
        for (const match of node.value.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
          outline.htmlAnchors.push(match[1] ?? match[2] ?? match[3] ?? '');
        }
        return;
      case 'text':
        for (const match of node.value.matchAll(/\{:?\s*#([^\s{}]+)[^{}]*\}/g)) outline.explicitIds.push(match[1]!);
        return;
      case 'code':
        if (node.lang?.toLowerCase() === 'mermaid') outline.mermaidBlocks.push(mermaidBlock(document.text, node));
        return;
      default:
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const child of document.tree.children) visit(child);
  for (const heading of headings) if (heading.explicit !== undefined) outline.explicitIds.push(heading.explicit);
  return outline;
}

/**
 * `value` as a slice of `text` at `from` when it is one there (a block outside containers),
 * so a page keeps one copy of its diagrams' text (the page's) for the run, not two.
 */
function sliceOf(text: string, from: number, value: string): string {
  const slice = text.slice(from, from + value.length);
  return slice === value ? slice : value;
}

function mermaidBlock(text: string, node: Code): MermaidBlock {
  const range = rangeOf(node);
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  const source = text.slice(start, end).split('\n');
  const opening = /^[\s>]*(`{3,}|~{3,})/.exec(source[0] ?? '')?.[1] ?? '```';
  const last =
    source.length > 1
      ? source
          .at(-1)!
          .replace(/^[\s>]*/, '')
          .trimEnd()
      : '';
  const closed = last.length >= opening.length && new RegExp(`^\\${opening[0]}{${opening.length},}$`).test(last);
  return { value: node.value, range, firstLine: range.start.line + 1, closed, fence: opening };
}

function readFrontMatter(document: MarkdownDocument): PageOutline['frontMatter'] {
  const first = document.tree.children[0];
  if (first?.type === 'yaml') return { kind: 'present', source: first.value, range: rangeOf(first) };
  const opening = /^\uFEFF?---[ \t]*(?:\r?\n|$)/.exec(document.text);
  // remark-frontmatter only takes a closed block; an open one reads as a thematic break.
  if (opening)
    return {
      kind: 'unterminated',
      range: { start: { line: 1, column: 1 }, end: { line: 1, column: opening[0].trimEnd().length + 1 } },
    };
  return { kind: 'missing' };
}
