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
  ])('%s', (_case, text, problem) => {
    expect(markdownNestingProblem(text)).toBe(problem);
  });
});
