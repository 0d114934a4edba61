/**
 * Where a large Markdown page can be cut into parts that parse, each on its own, to the very
 * blocks the whole page parses to: remark's parser holds about 120 bytes per character while it
 * works, so a generated page of 14 MB (a 100x repository's flows) would take 1.7 GB at once,
 * where its parts take a few tens of megabytes each. A cut goes before a line that starts a
 * block at the top level after a blank line, outside any fenced code or HTML block that runs
 * past blank lines, and never in a page that defines link references or footnotes (a
 * definition applies to the whole page).
 */

/** Pages shorter than this are parsed whole. */
export const CHUNKED_PARSE_BYTES = 256 * 1024;

/**
 * A definition (`[label]: url`, `[^note]: text`), also in a block quote or list item and with a
 * label across lines: it applies across the page, so a page with one is parsed whole. A label
 * holds no unescaped `[` (as micromark reads it), so the scan from one line's `[` ends at the
 * next and the search stays linear.
 */
const DEFINITION = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*\[(?:[^[\]\\]|\\[\s\S])+\]:/m;
/** A fence opening or closing at the top level (indented at most three spaces). */
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
/** HTML blocks that run past blank lines (CommonMark's kinds 1 to 5), with what ends each. */
const LONG_HTML: readonly [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
/** A line that starts a list item or a block quote. */
const CONTAINER = /^ {0,3}(?:>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$))/;

/**
 * A line that may continue or belong to a container or block begun before the blank line, or
 * that would read as front matter at the start of a part (`---`): never cut before it.
 */
const CONTINUES = /^(?:[\s>-]|[*+](?:\s|$)|\d{1,9}[.)](?:\s|$))/;

/**
 * The offsets (each the start of a line) at which `text` is cut into parts of at least
 * `minimum` characters, none when the page must be parsed whole; the parts are `text`
 * from each cut to the next.
 */
export function markdownCuts(text: string, minimum: number): number[] {
  if (DEFINITION.test(text)) return [];
  const cuts: number[] = [];
  let lineStart = 0;
  let previousBlank = false;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  /**
   * Since a line starting with `<`, up to a blank line: an HTML block (a fence inside is text)
   * or a paragraph (a fence interrupts it), which the lines alone do not tell apart.
   */
  let maybeHtml = false;
  /** A list item or block quote began since the last line that ends every container. */
  let inContainer = false;
  let lastCut = 0;
  // Front matter (`---` on the first line up to the next `---` or `...` line) is not cut into.
  let frontMatter = text.startsWith('---\n') || text.startsWith('---\r\n');
  let first = true;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (frontMatter) {
      if (!first && (line === '---' || line === '...')) frontMatter = false;
    } else if (fence) {
      const match = FENCE.exec(line);
      if (match && match[2]![0] === fence.char && match[2]!.length >= fence.length && match[3]!.trim() === '')
        fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else if (blank) {
      maybeHtml = false;
    } else {
      if (previousBlank && !CONTINUES.test(line)) {
        // This line ends every container.
        if (lineStart - lastCut >= minimum) {
          cuts.push(lineStart);
          lastCut = lineStart;
        }
        inContainer = false;
      }
      if (CONTAINER.test(line)) inContainer = true;
      const match = FENCE.exec(line);
      // A fence in or after a list item or quote: where it ends, and whether a part's end would end it
      // the same way, the lines alone do not tell: no further cut is sure.
      if (inContainer && /`{3,}|~{3,}/.test(line)) return cuts;
      if (match && !(match[2]![0] === '`' && match[3]!.includes('`'))) {
        // Whether a fence starts here depends on what the `<` line began: no further cut is sure.
        if (maybeHtml) return cuts;
        fence = { char: match[2]![0]!, length: match[2]!.length };
      } else {
        const html = LONG_HTML.find(([start]) => start.test(line));
        // A block that ends on its first line is over already.
        if (html && !html[1].test(line.replace(html[0], ''))) htmlEnd = html[1];
        else if (!html && /^ {0,3}</.test(line)) maybeHtml = true;
      }
    }
    previousBlank = blank && !fence && !htmlEnd && !frontMatter;
    first = false;
    lineStart = lineEnd + 1;
  }
  return cuts;
}
