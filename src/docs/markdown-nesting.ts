// The Markdown parser (micromark) is super-linear in how deeply constructs nest: 20,000
// nested `>` overflow its stack, 20,000 `*` in a row take about a minute, 500 levels of
// list take about 9 s. No real page comes near; a page that does is reported unparsed.

/** Longest run of one nesting character (`*`, `_`, `[`, `]`, `>`; spaces between `>`s allowed) a page may have. */
export const MAX_MARKUP_RUN = 1000;
/** Deepest indentation (columns) of a list item a page may have: about 200 levels. */
export const MAX_LIST_INDENT = 400;

/**
 * Most characters the parser may rescan for unclosed inline HTML. micromark searches
 * from each `<!--`, `<?`, `<![CDATA[` or `<!X` to its close, and to the end of the
 * paragraph when there is none, so N unclosed openings in one paragraph cost N times
 * its length: 4,000 unclosed `<!--` in 36 kB took 5 s, 20,000 in 480 kB 110 s.
 */
export const MAX_INLINE_HTML_RESCAN = 20_000_000;

const INLINE_HTML: readonly { open: RegExp; close: string }[] = [
  { open: /<!--/g, close: '-->' },
  { open: /<\?/g, close: '?>' },
  { open: /<!\[CDATA\[/g, close: ']]>' },
  { open: /<![A-Za-z]/g, close: '>' },
];

/**
 * How many characters the parser would rescan for inline HTML openings that never
 * close in their paragraph (a blank line ends one), and how many such openings there are.
 */
export function unclosedInlineHtml(text: string): { openings: number; rescan: number } {
  const paragraphEnds = [...text.matchAll(/\n[ \t]*(?=\r?\n)/g)].map((m) => m.index);
  const paragraphEnd = (at: number): number => {
    let low = 0;
    let high = paragraphEnds.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (paragraphEnds[middle]! < at) low = middle + 1;
      else high = middle;
    }
    return paragraphEnds[low] ?? text.length;
  };
  let openings = 0;
  let rescan = 0;
  for (const { open, close } of INLINE_HTML) {
    let nextClose = -1;
    for (const match of text.matchAll(open)) {
      const from = match.index + match[0].length;
      if (nextClose !== -2 && nextClose < from) nextClose = text.indexOf(close, from);
      if (nextClose === -1) nextClose = -2; // none left anywhere: every later opening is unclosed too
      const end = paragraphEnd(match.index);
      if (nextClose === -2 || nextClose >= end) {
        openings++;
        rescan += end - match.index;
      }
    }
  }
  return { openings, rescan };
}

/** What makes a page too deeply nested to parse in reasonable time, or `undefined`. */
export function markdownNestingProblem(text: string): string | undefined {
  const inlineHtml = unclosedInlineHtml(text);
  if (inlineHtml.rescan > MAX_INLINE_HTML_RESCAN)
    return `it has ${inlineHtml.openings} unclosed inline HTML openings (\`<!--\`, \`<?\` or \`<!\`) that the parser would search to the end of their paragraph`;
  let runChar = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === ' ' || c === '\t') && runChar === '>') continue;
    if (c === runChar) {
      run++;
      if (run >= MAX_MARKUP_RUN) return `it has a run of ${MAX_MARKUP_RUN} or more \`${c}\``;
    } else if (c === '*' || c === '_' || c === '[' || c === ']' || c === '>') {
      runChar = c;
      run = 1;
    } else {
      runChar = '';
      run = 0;
    }
  }
  for (const match of text.matchAll(/^([ \t]+)(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/gm)) {
    const indent = [...match[1]!].reduce((columns, c) => (c === '\t' ? columns + 4 - (columns % 4) : columns + 1), 0);
    if (indent > MAX_LIST_INDENT) return `it has a list item indented ${indent} columns`;
  }
  return undefined;
}

/**
 * Why a page's text is not handed to the Markdown parser: NUL bytes (valid UTF-8 can still be
 * binary; Markdown never holds NUL), or nesting too deep to parse in reasonable time.
 */
export function unparseableMarkdown(
  text: string,
): { kind: 'binary' } | { kind: 'too-nested'; reason: string } | undefined {
  if (text.includes('\u0000')) return { kind: 'binary' };
  const reason = markdownNestingProblem(text);
  return reason === undefined ? undefined : { kind: 'too-nested', reason };
}
