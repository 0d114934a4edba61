import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { examplePage } from '../../src/docs/example-page.js';
import { collectHeadingAnchors, HEADING_ANCHORS_KIND } from '../../src/docs/heading-anchors.js';
import { runCheck } from '../../src/engine/run.js';
import { mermaidLoaded } from '../../src/mermaid/parse.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { markdownParserLoaded } from '../../src/workspace/markdown-document.js';
import { type ContentMemo, Workspace } from '../../src/workspace/workspace.js';

// Each test file has its own module state: remark and mermaid start unloaded here.
describe('remark is loaded only when a page must be parsed', () => {
  it('stays unloaded while heading anchors are recalled from the memo, and is loaded for a page it holds none for', async () => {
    const values = new Map<string, unknown>();
    const memo: ContentMemo = {
      recall: (kind, id) => values.get(`${kind}\0${id}`),
      remember: (kind, id, value) => void values.set(`${kind}\0${id}`, value),
    };
    const workspace = new Workspace(new MemorySource({ 'docs/kept.md': '# Kept\n', 'docs/new.md': '# New\n' }));
    workspace.memo = memo;
    memo.remember(HEADING_ANCHORS_KIND, workspace.contentId('docs/kept.md'), [[1, 'remembered']]);
    const recalled = await collectHeadingAnchors({ workspace, maxPageBytes: 1024 }, ['docs/kept.md']);
    expect(recalled('docs/kept.md')).toEqual([[1, 'remembered']]);
    expect(markdownParserLoaded()).toBe(false);
    const parsed = await collectHeadingAnchors({ workspace, maxPageBytes: 1024 }, ['docs/new.md']);
    expect(parsed('docs/new.md')).toEqual([[1, 'new']]);
    expect(markdownParserLoaded()).toBe(true);
  });
});

describe('mermaid is loaded only when a page has a diagram', () => {
  const run = (body: string) =>
    runCheck({
      source: new MemorySource({ 'docs/index.md': examplePage({ title: 'Atlas' }, `# Atlas\n\n${body}`) }),
      rules: allRules,
    });

  it('stays unloaded through a full run over pages without diagrams', async () => {
    const result = await run('```bash\nnode ops/release/collect-evidence.mjs\n```\n');
    expect(result.report.diagnostics).toEqual([]);
    expect(mermaidLoaded()).toBe(false);
  });

  it('is loaded once a page has one', async () => {
    await run('```mermaid\nflowchart TD\n    A --> B\n```\n');
    expect(mermaidLoaded()).toBe(true);
  });
});
