// The Markdown parser (micromark) is super-linear in how deeply constructs nest: 20,000
// nested `>` overflow its stack, 20,000 `*` in a row take about a minute, 500 levels of
// list take about 9 s. No real page comes near; a page that does is reported unparsed.

/** Longest run of one nesting character (`*`, `_`, `[`, `]`, `>`; spaces between `>`s allowed) a page may have. */
export const MAX_MARKUP_RUN = 1000;
/** Deepest indentation (columns) of a list item a page may have: about 200 levels. */
export const MAX_LIST_INDENT = 400;

/** What makes a page too deeply nested to parse in reasonable time, or `undefined`. */
export function markdownNestingProblem(text: string): string | undefined {
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
