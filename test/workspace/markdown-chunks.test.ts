import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownCuts } from '../../src/workspace/markdown-chunks.js';
import { markdownParser, parseInParts } from '../../src/workspace/markdown-document.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const parse = await markdownParser();

/** The page parsed in as many parts as it can be cut into, and whole. */
const bothWays = (text: string) => {
  const cuts = markdownCuts(text, 0);
  // Every part that is one fenced block has its content read without the parser.
  return { cuts, parts: parseInParts(parse, text, cuts, 0), whole: parse(text) };
};

/** Every Markdown file under a folder. */
function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join(folder, file));
}

describe('a large page parsed in parts', () => {
  it('gives the tree of the whole page for every page of the example and of the docs', () => {
    const files = [
      ...markdownFiles(path.join(packageRoot, 'examples/atlas/docs')),
      ...markdownFiles(path.join(packageRoot, 'docs')),
    ];
    let cut = 0;
    for (const file of files) {
      const { cuts, parts, whole } = bothWays(readFileSync(file, 'utf8'));
      expect(parts, file).toEqual(whole);
      cut += cuts.length;
    }
    expect(cut).toBeGreaterThan(100);
  });

  it('gives the tree of the whole page for pages made of any blocks', () => {
    const block = fc.constantFrom(
      '# Heading',
      'Setext\n===',
      'A paragraph with `code`, a [link](other.md#anchor) and <span>html</span>.',
      'Lazy\ncontinuation',
      '- item\n\n  continued in the item\n- second',
      '1. one\n2) two',
      '* a\n\n      indented code in an item',
      '> quoted\nlazily',
      '> quote\n\n> another',
      '```mermaid\nflowchart TD\n\nA --> B\n```',
      '```mermaid title="x"\r\nflowchart LR\r\n  A --> B\r\n```',
      '~~~~ text\n~~~\n  ~~~~\nafter the block',
      '```\n  ```   \nnot code',
      '````\n\t tab\n````',
      '```\n```',
      '~~~\nunclosed tilde fence',
      '````\n```\nnested\n\n```\n````',
      '    indented code\n\n    more',
      '<!-- surveyor:begin upgrade-flow -->',
      '<!--\n\ncomment across a blank line\n\n-->',
      '<pre>\n\nkept\n\n</pre>',
      '<div>\nblock html\n</div>',
      '<span>inline</span> starts a paragraph\n```\nfence after it',
      '1.  item\n\n    ```\n    code\n\n    more',
      '- item\n  ```\n  code in the item',
      '> ```\n> quoted fence',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      '---',
      '***',
      '[ref]: https://example.com',
      'Uses [ref] and a footnote[^1].',
      '[^1]: The note.',
      '> [quoted]: https://example.com/q',
      '- [^2]: A note in a list item.',
      'Uses [quoted] and another footnote[^2].',
      '<?php\n\n?>',
      '<![CDATA[\n\n]]>',
      'text\\',
      '',
      ' ',
    );
    const page = fc
      .tuple(fc.boolean(), fc.array(block, { maxLength: 12 }), fc.constantFrom('\n', '\n\n', '\n\n\n', '\r\n\r\n'))
      .map(([front, blocks, gap]) => (front ? '---\ntitle: T\n\nx: 1\n---\n' : '') + blocks.join(gap));
    fc.assert(
      fc.property(page, (text) => {
        const { parts, whole } = bothWays(text);
        expect(parts).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it('is not cut where a definition could apply across parts, nor into front matter or a fence', () => {
    expect(markdownCuts('a\n\n[x]: /y\n\nb\n', 0)).toEqual([]);
    expect(markdownCuts('> [x]: /y\n\nuse [x]\n', 0)).toEqual([]);
    expect(markdownCuts('- [^1]: n\n\nuse[^1]\n', 0)).toEqual([]);
    expect(markdownCuts('- a\n\n  - b\n\n    [x]: /y\n\nuse [x]\n', 0)).toEqual([]);
    expect(markdownCuts('[a\\\nb]: /u\n\nuse [a\\\nb]\n', 0)).toEqual([]);
    expect(markdownCuts('---\ntitle: t\n\nx: 1\n---\n\nb\n', 0)).toEqual([24]);
    expect(markdownCuts('```\na\n\nb\n```\n\nc\n', 0)).toEqual([14]);
    expect(markdownCuts('a\n\nb\n\nc\n', 4)).toEqual([6]);
  });

  it('looks for definitions in time linear in the page, however many lines open a bracket they never close', () => {
    // Each line's `[` was once scanned to the end of the page: 35 s for this page of 320 kB.
    expect(markdownCuts('[x\n\n'.repeat(80_000), 0)).toHaveLength(79_999);
  }, 5_000);
});
