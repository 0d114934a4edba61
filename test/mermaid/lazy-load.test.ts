import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { examplePage } from '../../src/docs/example-page.js';
import { runCheck } from '../../src/engine/run.js';
import { mermaidLoaded } from '../../src/mermaid/parse.js';
import { MemorySource } from '../../src/workspace/file-source.js';

// Each test file has its own module state: mermaid starts unloaded here.
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
