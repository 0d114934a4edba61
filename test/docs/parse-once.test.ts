import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { check, MemorySource } from '../../src/index.js';
import { type MarkdownReading, observeMarkdownParses } from '../../src/workspace/markdown-document.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { editText, exampleTree } from '../support/atlas-tree.js';
import { EXAMPLE_TODAY } from '../support/check-atlas.js';
import { keepNoDerivedValues } from '../support/shared-derived.js';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/atlas');
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** How many times each distinct text was parsed as Markdown during `run`. */
async function parsesOf(run: () => Promise<unknown>): Promise<number[]> {
  const parses = new Map<string, number>();
  observeMarkdownParses((text) => parses.set(text, (parses.get(text) ?? 0) + 1));
  onTestFinished(() => observeMarkdownParses(undefined));
  try {
    await run();
  } finally {
    observeMarkdownParses(undefined);
  }
  return [...parses.values()];
}

describe('a run parses each Markdown page at most once', () => {
  // What the worker kept from other files' runs would spare parses this test counts.
  beforeAll(keepNoDerivedValues);

  it('without a cache: the docs rules and generated/drift share the parse of a page with generated regions', async () => {
    const parses = await parsesOf(() => check({ root: example, now: EXAMPLE_TODAY }));
    // The example's 12 pages: 4 of them have generated regions, which both the docs site and generation read.
    expect(parses).toHaveLength(12);
    expect(parses.filter((count) => count !== 1)).toEqual([]);
  });

  it('with a cache: once on the cold run, and nothing at all when nothing changed', async () => {
    const cacheLocation = mkdtempSync(path.join(tmpdir(), 'surveyor-parse-once-'));
    temps.push(cacheLocation);
    const cold = await parsesOf(() => check({ root: example, now: EXAMPLE_TODAY, cacheLocation }));
    expect(cold).toHaveLength(12);
    expect(cold.filter((count) => count !== 1)).toEqual([]);
    expect(await parsesOf(() => check({ root: example, now: EXAMPLE_TODAY, cacheLocation }))).toEqual([]);
  });
});

describe('Workspace.readMarkdown', () => {
  const headings: MarkdownReading<number> = {
    kind: 'headings',
    read: (document) => document.tree.children.filter((node) => node.type === 'heading').length,
  };
  const html: MarkdownReading<number> = {
    kind: 'html',
    read: (document) => document.tree.children.filter((node) => node.type === 'html').length,
  };
  const failing: MarkdownReading<number> = {
    kind: 'failing',
    read: () => {
      throw new RangeError('Maximum call stack size exceeded');
    },
  };
  const page = '# A\n\n<!-- x -->\n\n## B\n';

  it('hands a reading made beside another to its reader once, for the same text only', async () => {
    const workspace = new Workspace(new MemorySource({ 'a.md': page, 'b.md': page }));
    const parses = await parsesOf(async () => {
      expect(await workspace.readMarkdown('a.md', page, headings, [html, failing])).toBe(2);
      expect(await workspace.readMarkdown('a.md', page, html)).toBe(1);
      // Set aside for a.md, not for another file with the same text, nor for another text of a.md.
      expect(await workspace.readMarkdown('b.md', page, html)).toBe(1);
      expect(await workspace.readMarkdown('a.md', `${page}\n## C\n`, headings)).toBe(3);
      // A reading that failed beside another fails for its reader as it would have, without a parse.
      await expect(workspace.readMarkdown('a.md', page, failing)).rejects.toThrow(RangeError);
    });
    // a.md once for both readings, b.md once, the edited a.md once.
    expect(parses).toEqual([2, 1]);
    // Taken means forgotten: a second reader parses again.
    expect(await parsesOf(() => workspace.readMarkdown('a.md', page, html))).toEqual([1]);
    // A reader that asks while the parse is under way waits for it rather than parsing too.
    const meanwhile = await parsesOf(async () => {
      const both = Promise.all([
        workspace.readMarkdown('b.md', page, headings, [html]),
        workspace.readMarkdown('b.md', page, html),
      ]);
      expect(await both).toEqual([2, 1]);
    });
    expect(meanwhile).toEqual([1]);
  });

  it('shares a parse between generation and heading anchors when generation comes first', async () => {
    // A stale region: `generated/drift` reports it in the page, and the report names the heading it sits under.
    const file = 'docs/operations/observability.md';
    const tree = editText(exampleTree(), file, '| `query-availability` | 99.9 %', '| `query-availability` | 99 %');
    const parses = await parsesOf(async () => {
      const { report } = await check({ source: new MemorySource(tree), now: EXAMPLE_TODAY, only: ['generated/drift'] });
      expect(report.diagnostics.map((d) => d.file)).toContain(file);
    });
    expect(parses.filter((count) => count !== 1)).toEqual([]);
  });
});
