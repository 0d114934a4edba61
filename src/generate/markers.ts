import type { Span } from '../workspace/json-document.js';

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

const MARKER = /<!--\s*surveyor:(begin|end|page)\b([^]*?)-->/g;
const ATTRIBUTE = /^([A-Za-z][\w-]*)=("[^"]*"|[^\s"]+)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Offsets of lines that are inside fenced code blocks, where markers are examples, not markers. */
function fencedRanges(text: string): Span[] {
  const ranges: Span[] = [];
  let open: { fence: string; start: number } | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const match = FENCE.exec(line);
    if (match) {
      const fence = match[1]!;
      if (!open) open = { fence, start: offset };
      else if (fence[0] === open.fence[0] && fence.length >= open.fence.length && line.trim() === fence) {
        ranges.push({ start: open.start, end: offset + line.length });
        open = undefined;
      }
    }
    offset += line.length + 1;
  }
  if (open) ranges.push({ start: open.start, end: text.length });
  return ranges;
}

/**
 * Finds the generated regions of a page. Markers inside fenced code blocks are
 * ignored; an unbalanced, nested or misnamed marker, or an attribute that is not
 * `key=value`, is a problem and its region is left out.
 */
export function parseRegions(text: string): { regions: Region[]; problems: MarkerProblem[] } {
  const fenced = fencedRanges(text);
  const inFence = (at: number) => fenced.some((r) => at >= r.start && at < r.end);
  const regions: Region[] = [];
  const problems: MarkerProblem[] = [];
  let open: { name: string; attributes: Record<string, string>; span: Span; valid: boolean } | undefined;
  for (const match of text.matchAll(MARKER)) {
    const start = match.index;
    if (inFence(start)) continue;
    const span = { start, end: start + match[0].length };
    const kind = match[1] as 'begin' | 'end' | 'page';
    const words = match[2]!.trim().split(/\s+/).filter(Boolean);
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
  return { regions, problems };
}

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
