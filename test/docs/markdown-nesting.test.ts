import { describe, expect, it } from 'vitest';
import { markdownNestingProblem } from '../../src/docs/markdown-nesting.js';

describe('markdownNestingProblem', () => {
  it.each([
    [
      'ordinary emphasis, links, quotes and lists',
      '**bold** _it_ [a](b.md)\n\n> > quoted\n\n- a\n  - b\n    - c\n',
      undefined,
    ],
    ['a horizontal rule of 999 stars', '*'.repeat(999), undefined],
    ['a run of 1,000 stars', '*'.repeat(1000), 'it has a run of 1000 or more `*`'],
    ['1,000 quote markers with spaces between', '> '.repeat(1000), 'it has a run of 1000 or more `>`'],
    ['a list item indented 402 columns', `${' '.repeat(402)}- x`, 'it has a list item indented 402 columns'],
    ['tabs counted to the next tab stop', `${'\t'.repeat(101)}1. x`, 'it has a list item indented 404 columns'],
    ['deep indentation that is not a list item', `${' '.repeat(500)}code`, undefined],
    [
      '4,000 unclosed comments in one paragraph',
      'x <!-- a '.repeat(4000),
      'it has 4000 unclosed inline HTML openings (`<!--`, `<?` or `<!`) that the parser would search to the end of their paragraph',
    ],
    [
      'unclosed processing instructions and declarations in one paragraph',
      'x <? a <!A b '.repeat(3000),
      'it has 6000 unclosed inline HTML openings (`<!--`, `<?` or `<!`) that the parser would search to the end of their paragraph',
    ],
    ['4,000 unclosed comments, each in its own paragraph', 'x <!-- a\n\n'.repeat(4000), undefined],
    ['4,000 closed comments in one paragraph', 'x <!-- a --> '.repeat(4000), undefined],
  ])('%s', (_case, text, problem) => {
    expect(markdownNestingProblem(text)).toBe(problem);
  });
});
