import { describe, expect, it } from 'vitest';
import { DocsPage } from '../../src/docs/docs-page.js';
import { parseMarkdown } from '../../src/workspace/markdown-document.js';

async function page(text: string): Promise<DocsPage> {
  return DocsPage.fromDocument('docs/page.md', await parseMarkdown(text));
}

describe('front matter', () => {
  it('is parsed on its own, with positions mapped to the page', async () => {
    const parsed = await page('---\ntitle: Install Matrix\nowner: platform-ops\n---\n\n# Install Matrix\n');
    expect(parsed.frontMatter.kind).toBe('present');
    if (parsed.frontMatter.kind !== 'present') return;
    expect(parsed.frontMatter.frontMatter.fields).toEqual({ title: 'Install Matrix', owner: 'platform-ops' });
    expect(parsed.frontMatter.frontMatter.rangeOfPointer('/owner').start).toEqual({ line: 3, column: 8 });
    expect(parsed.bodyStart).toEqual({ line: 5, column: 1 });
  });

  it.each([
    ['no front matter', '# Title\n', 'missing'],
    ['an opening `---` never closed', '---\ntitle: x\n\n# Title\n', 'unterminated'],
    ['an opening `---` at the very end', '---', 'unterminated'],
  ])('tells %s apart', async (_case, text, kind) => {
    expect((await page(text)).frontMatter.kind).toBe(kind);
  });

  it.each([
    ['a list', '---\n- a\n- b\n---\n', ['a', 'b']],
    ['a scalar', '---\njust text\n---\n', 'just text'],
    ['empty', '---\n---\n', null],
  ])('keeps front matter that is %s as it is, for the rule to judge', async (_case, text, value) => {
    const parsed = await page(text);
    expect(parsed.frontMatter.kind === 'present' ? parsed.frontMatter.frontMatter.value : 'absent').toEqual(value);
  });
});

describe('headings and anchors', () => {
  it("gives duplicate headings both renderers' anchors", async () => {
    const parsed = await page(
      '# Matrix\n\n## install-gate\n\n### Scenarios\n\n## k8s-suite\n\n### Scenarios\n\n### Scenarios\n',
    );
    const scenarios = parsed.headings.filter((h) => h.text === 'Scenarios');
    expect(scenarios.map((h) => [h.mkdocsId, h.githubId])).toEqual([
      ['scenarios', 'scenarios'],
      ['scenarios_1', 'scenarios-1'],
      ['scenarios_2', 'scenarios-2'],
    ]);
  });

  it('slugs headings as rendered: inline code kept, emphasis and links reduced to words, emoji dropped', async () => {
    const parsed = await page(
      '## Pinning `image.digest` instead of *`image.tag`*\n\n## Ready to ship ✅\n\n## See [the matrix](m.md) — **now**!\n',
    );
    expect(parsed.headings.map((h) => h.mkdocsId)).toEqual([
      'pinning-imagedigest-instead-of-imagetag',
      'ready-to-ship',
      'see-the-matrix-now',
    ]);
    expect(parsed.headings.map((h) => h.githubId)).toEqual([
      'pinning-imagedigest-instead-of-imagetag',
      'ready-to-ship-',
      'see-the-matrix--now',
    ]);
  });

  it('honours `{#id}` attribute lists and HTML ids, and reserves them from slugs', async () => {
    const parsed = await page(
      '## Rollback {#rollback-plan}\n\n## Rollback plan\n\n<a id="legacy-anchor"></a>\n\nText <span name="inline">x</span>.\n\nA paragraph\n{: #para-id }\n',
    );
    expect(parsed.headings.map((h) => [h.text, h.mkdocsId, h.githubId])).toEqual([
      ['Rollback', 'rollback-plan', 'rollback-rollback-plan'],
      ['Rollback plan', 'rollback-plan_1', 'rollback-plan'],
    ]);
    for (const anchor of ['rollback-plan', 'rollback-plan_1', 'legacy-anchor', 'inline', 'para-id'])
      expect(parsed.anchors.has(anchor)).toBe(true);
  });
});

describe('links, code spans and sections', () => {
  it('collects links, images and definitions, with angle brackets removed and encoding kept', async () => {
    const parsed = await page(
      'See [a](<my page.md>), [b](x%20y.md?raw=1#top), ![c](img.png) and [d][ref].\n\n[ref]: ref.md#part\n',
    );
    expect(parsed.links.map((l) => [l.kind, l.url])).toEqual([
      ['link', 'my page.md'],
      ['link', 'x%20y.md?raw=1#top'],
      ['image', 'img.png'],
      ['definition', 'ref.md#part'],
    ]);
  });

  it('records the headings each code span sits under', async () => {
    const parsed = await page(
      '# T\n\n`a`\n\n## Source of truth\n\n- `ops/x.json`\n\n### Details\n\n`ops/y.json`\n\n## Next\n\n`ops/z.json`\n',
    );
    expect(parsed.codeSpansUnder('Source of Truth').map((s) => s.value)).toEqual(['ops/x.json', 'ops/y.json']);
    expect(parsed.codeSpans.find((s) => s.value === 'ops/z.json')?.range.start).toEqual({ line: 15, column: 1 });
  });
});

describe('Mermaid blocks', () => {
  it('finds closed blocks and maps their lines and columns to the page, through list indentation', async () => {
    const parsed = await page('# T\n\n- step\n\n  ```mermaid\n  flowchart TD\n      A --> B\n  ```\n');
    const [block] = parsed.mermaidBlocks;
    expect(block).toMatchObject({ closed: true, firstLine: 6, value: 'flowchart TD\n    A --> B' });
    expect(parsed.positionInBlock(block!, 2, 7)).toEqual({ line: 7, column: 9 });
  });

  it('tells a fence that is never closed, and one closed by a longer fence', async () => {
    const unclosed = await page('# T\n\n```mermaid\nflowchart TD\n    A --> B\n\n## Later\n');
    expect(unclosed.mermaidBlocks.map((b) => b.closed)).toEqual([false]);
    expect(unclosed.headings.map((h) => h.text)).toEqual(['T']);
    const longer = await page('~~~~mermaid\nflowchart TD\n~~~~~\n');
    expect(longer.mermaidBlocks.map((b) => [b.closed, b.fence])).toEqual([[true, '~~~~']]);
  });

  it('does not take a mermaid fence nested inside another fence for a diagram', async () => {
    const parsed = await page(
      '````markdown\n```mermaid\nflowchart TD\n```\n````\n\n```mermaid\nsequenceDiagram\n```\n',
    );
    expect(parsed.mermaidBlocks.map((b) => b.value)).toEqual(['sequenceDiagram']);
  });
});
