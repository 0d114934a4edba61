import type { Root } from 'mdast';
import type { Span } from '../workspace/json-document.js';
import type { MarkdownReading } from '../workspace/markdown-document.js';

/** A generated region of a Markdown page: the text between a begin and an end marker, or after a page marker. */
export interface Region {
  /** The generator that owns the region. */
  name: string;
  /** Options written on the begin marker as `key=value`. */
  attributes: Record<string, string>;
  /** The begin (or page) marker comment. */
  begin: Span;
  /** The generated content, between the markers (or from the page marker to the end of the file). */
  content: Span;
  /** The end marker; absent for a page marker. */
  end?: Span;
  /** True for `surveyor:page`: everything after the marker is generated. */
  wholePage: boolean;
}

/** A marker that cannot be used: unbalanced, nested, misnamed or with bad attributes. */
export interface MarkerProblem {
  span: Span;
  message: string;
}

const MARKER_START = /^\s*<!--\s*surveyor:(begin|end|page)\b/;
const ATTRIBUTE = /^([A-Za-z][\w-]*)=("[^"]*"|[^\s"]+)$/;

/** A marker comment read from the Markdown tree: its kind, the words after it, and its span in the page. */
interface MarkerComment {
  kind: 'begin' | 'end' | 'page';
  words: string[];
  span: Span;
}

/**
 * The marker comments of a page: HTML nodes at the top level of its Markdown tree whose
 * whole text is one `<!-- surveyor:... -->` comment. Marker-looking text anywhere else
 * (code of any kind, inline HTML in a sentence, a list or a quote, inside another
 * comment) is the page's own text. A top-level comment that starts like a marker but is
 * not one alone on its lines is a problem, so a typo never silently disables a region.
 */
function markerComments(tree: Root, problems: MarkerProblem[]): MarkerComment[] {
  const comments: MarkerComment[] = [];
  for (const node of tree.children) {
    if (node.type !== 'html' || node.position?.start.offset === undefined) continue;
    const value = node.value;
    const match = MARKER_START.exec(value);
    if (!match) continue;
    const kind = match[1] as MarkerComment['kind'];
    const open = value.indexOf('<!--');
    const start = node.position.start.offset + open;
    const close = value.indexOf('-->', open + 4);
    if (close < 0) {
      problems.push({
        span: { start, end: node.position.start.offset + match[0].length },
        message: `Unexpected \`surveyor:${kind}\` marker without \`-->\`: close the comment on its own line`,
      });
      continue;
    }
    const span = { start, end: node.position.start.offset + close + 3 };
    if (value.slice(close + 3).trim() !== '') {
      problems.push({
        span,
        message: `Unexpected text after the \`surveyor:${kind}\` marker: put the marker alone on its line`,
      });
      continue;
    }
    const words = value.slice(match[0].length, close).trim().split(/\s+/).filter(Boolean);
    comments.push({ kind, words, span });
  }
  return comments;
}

/** A page's generated regions, and its markers that cannot be used. */
export interface PageRegions {
  regions: Region[];
  problems: MarkerProblem[];
}

/**
 * Finds the generated regions of a page from its Markdown tree (see `markerComments` for
 * what counts as a marker). An unbalanced, nested or misnamed marker, or an attribute
 * that is not `key=value`, is a problem and its region is left out. Linear in the page.
 */
export function parseRegions(text: string, tree: Root): PageRegions {
  const regions: Region[] = [];
  const problems: MarkerProblem[] = [];
  let open: { name: string; attributes: Record<string, string>; span: Span; valid: boolean } | undefined;
  for (const { kind, words, span } of markerComments(tree, problems)) {
    const start = span.start;
    const name = words[0];
    if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
      problems.push({
        span,
        message: `Unexpected \`surveyor:${kind}\` marker without a generator name, expected \`<!-- surveyor:${kind} NAME -->\``,
      });
      continue;
    }
    if (kind === 'end') {
      if (!open) {
        problems.push({
          span,
          message: `Unexpected \`surveyor:end ${name}\` without a matching \`surveyor:begin ${name}\``,
        });
      } else if (open.name !== name) {
        problems.push({
          span,
          message: `Unexpected \`surveyor:end ${name}\`, expected \`surveyor:end ${open.name}\` to close the region opened before`,
        });
        open = undefined;
      } else {
        if (open.valid)
          regions.push({
            name,
            attributes: open.attributes,
            begin: open.span,
            content: { start: open.span.end, end: start },
            end: span,
            wholePage: false,
          });
        open = undefined;
      }
      continue;
    }
    if (open) {
      problems.push({
        span,
        message: `Unexpected \`surveyor:${kind} ${name}\` inside the \`${open.name}\` region: regions cannot nest, close it with \`<!-- surveyor:end ${open.name} -->\` first`,
      });
      open = undefined;
      continue;
    }
    const attributes: Record<string, string> = {};
    let valid = true;
    for (const word of words.slice(1)) {
      const attribute = ATTRIBUTE.exec(word);
      if (!attribute) {
        problems.push({
          span,
          message: `Unexpected \`${word}\` on the \`${name}\` marker, expected \`key=value\` attributes`,
        });
        valid = false;
        continue;
      }
      attributes[attribute[1]!] = attribute[2]!.replace(/^"|"$/g, '');
    }
    if (kind === 'page') {
      if (valid)
        regions.push({
          name,
          attributes,
          begin: span,
          content: { start: span.end, end: text.length },
          wholePage: true,
        });
      break; // the rest of the page is generated
    }
    open = { name, attributes, span, valid };
  }
  if (open)
    problems.push({
      span: open.span,
      message: `Unexpected \`surveyor:begin ${open.name}\` without \`<!-- surveyor:end ${open.name} -->\``,
    });
  problems.sort((a, b) => a.span.start - b.span.start);
  return { regions, problems };
}

/**
 * True when a page's text may hold generated regions: every marker names `surveyor:`, so a
 * page without it has none, and generation neither parses it nor reads its regions.
 */
export function mayHoldMarkers(text: string): boolean {
  return text.includes('surveyor:');
}

/** The generated regions of a page, read from its Markdown tree (`Workspace.readMarkdown`). */
export const REGIONS_READING: MarkdownReading<PageRegions> = {
  kind: 'generated-regions',
  read: (document) => parseRegions(document.text, document.tree),
};

/** Replaces each region's content; regions must come from `parseRegions` on the same text. */
export function replaceRegions(text: string, replacements: ReadonlyMap<Region, string>): string {
  let result = '';
  let at = 0;
  for (const [region, content] of [...replacements].sort((a, b) => a[0].content.start - b[0].content.start)) {
    result += text.slice(at, region.content.start) + content;
    at = region.content.end;
  }
  return result + text.slice(at);
}
