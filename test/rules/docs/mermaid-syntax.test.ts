import { describe, expect, it } from 'vitest';
import { examplePage } from '../../../src/docs/example-page.js';
import { ruleFindings } from './rule-cases.js';

const page = (...blocks: string[]) => ({
  'docs/a.md': examplePage({}, `# Install Matrix\n\n${blocks.map((b) => `\`\`\`mermaid\n${b}\n\`\`\`\n`).join('\n')}`),
});

describe('docs/mermaid-syntax', () => {
  it('accepts every diagram type of the Atlas docs', async () => {
    const blocks = [
      'flowchart TD\n    A[Chart defaults] --> B[Deep merge]',
      'sequenceDiagram\n    participant Build\n    Build->>Collect: outputs',
      'mindmap\n  root((Atlas))\n    Install',
      'stateDiagram-v2\n    [*] --> Blocked\n    Blocked --> [*]',
    ];
    expect(await ruleFindings('docs/mermaid-syntax', page(...blocks))).toEqual([]);
  });

  it('points into the page at the broken line of each broken block, inside lists too', async () => {
    const files = {
      'docs/a.md': examplePage(
        {},
        '# Install Matrix\n\n```mermaid\nflowchart TD\n    %% note\n    A --> --> B\n```\n\n1. Step\n\n   ```mermaid\n   sequenceDiagram\n       A->>: x\n   ```\n',
      ),
    };
    expect(await ruleFindings('docs/mermaid-syntax', files)).toEqual([
      'docs/a.md:15:11 syntax',
      'docs/a.md:22:12 syntax',
    ]);
  });

  it('leaves diagrams inside generated regions to generated/drift', async () => {
    const region =
      '<!-- surveyor:begin version-graph -->\n\n```mermaid\nflowchart LR\n  a --> --> b\n```\n\n<!-- surveyor:end version-graph -->\n';
    const files = {
      'docs/a.md': examplePage(
        {},
        `# Install Matrix\n\n${region}\n\`\`\`mermaid\nflowchart LR\n  c --> --> d\n\`\`\`\n`,
      ),
    };
    const line = files['docs/a.md'].split('\n').indexOf('  c --> --> d') + 1;
    const findings = await ruleFindings('docs/mermaid-syntax', files);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(new RegExp(`^docs/a\\.md:${line}:\\d+ syntax$`));
  });

  it('reports an unknown diagram type and a flowchart mermaid refuses to draw', async () => {
    const edges = Array.from({ length: 501 }, (_, i) => `    N${i} --> N${i + 1}`).join('\n');
    expect(await ruleFindings('docs/mermaid-syntax', page('flow LR\n    A --> B', `flowchart TD\n${edges}`))).toEqual([
      'docs/a.md:13:1 unknownType',
      'docs/a.md:18:1 limit',
    ]);
  });

  it("reports a diagram over mermaid's maxTextSize without parsing it", async () => {
    const long = `flowchart TD\n    A["${'x'.repeat(200)}"] --> B\n`.repeat(1);
    expect(await ruleFindings('docs/mermaid-syntax', page(long), { docs: { mermaidMaxTextSize: 100 } })).toEqual([
      'docs/a.md:12:1 tooBig',
    ]);
  });
});
