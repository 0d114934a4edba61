import { examplePage } from '../../src/docs/example-page.js';
import { defineRule } from '../../src/engine/rule.js';

const fence = '```';

export default defineRule({
  id: 'docs/mermaid-syntax',
  description: "Every Mermaid block in the docs parses with mermaid's own parser",
  severity: 'error',
  inputs: (config) => config.docs.pages,
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  waitsOnWorkers: true,
  volatile: ['size', 'lines'],
  messages: {
    syntax:
      'Mermaid cannot parse this `{{diagram}}` diagram: {{reason}}; fix it, or the site shows an error in its place',
    unknownType:
      'Mermaid block starts with `{{keyword}}`, which names no diagram type: start it with one such as `flowchart TD` or `sequenceDiagram`',
    empty: 'Mermaid block is empty: write the diagram or remove the block',
    limit: 'Mermaid refuses to draw this `{{diagram}}` diagram because {{reason}}: split it into smaller diagrams',
    unclosed: 'Mermaid fence is never closed, so the rest of the page is inside it: close it with a `{{fence}}` line',
    tooBig:
      "Mermaid block has {{size}} characters, over mermaid's `maxTextSize` of {{limit}}: the site shows an error instead, split the diagram",
    tooLong:
      'Mermaid block has {{lines}} lines, over the {{limit}}-line limit of `docs.mermaidMaxLines`: it was not checked, split it or raise the limit',
  },
  rationale: `A Mermaid block that does not parse renders as an error box on the site, and nothing else catches it
before a reader does. Each \`\`\`mermaid fence is parsed with mermaid's own parser, in Node, without a browser;
mermaid is loaded only when a page has a diagram. The finding points at the line of the Markdown file where
the diagram breaks, counting front matter, \`%%{init}%%\` directives and \`%%\` comments inside the block. A fence
that is never closed swallows the rest of the page and is reported instead of parsed. Diagrams longer than
mermaid's \`maxTextSize\` (50,000 characters) render as an error and are reported; blocks longer than
\`docs.mermaidMaxLines\` (1,000 lines) are reported without being parsed, because mermaid's parser costs up to
about 5 ms a line for class and state diagrams. Diagrams inside regions that \`surveyor generate\` writes are
not parsed again: the generators' output is valid by construction and \`generated/drift\` holds each region to it.`,
  examples: {
    valid: [
      {
        name: 'A flowchart with a comment, and a sequence diagram',
        files: {
          'docs/release/evidence.md': examplePage(
            { title: 'Release Evidence' },
            `# Release Evidence\n\n${fence}mermaid\nflowchart LR\n    %% collected by ops/release/collect-evidence.mjs\n    Build --> Collect --> Tar[bundle.tar]\n${fence}\n\n${fence}mermaid\nsequenceDiagram\n    Build->>Collect: build outputs\n    Collect-->>Build: digests\n${fence}\n`,
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'An arrow with nothing after it, two lines into the diagram',
        files: {
          'docs/release/evidence.md': examplePage(
            { title: 'Release Evidence' },
            `# Release Evidence\n\n${fence}mermaid\nflowchart LR\n    Build --> Collect\n    Collect --> --> Tar\n${fence}\n`,
          ),
        },
        findings: [{ file: 'docs/release/evidence.md', line: 15, column: 17, messageId: 'syntax' }],
      },
      {
        name: 'A block that names no diagram type',
        files: {
          'docs/release/evidence.md': examplePage(
            { title: 'Release Evidence' },
            `# Release Evidence\n\n${fence}mermaid\nflow LR\n    Build --> Collect\n${fence}\n`,
          ),
        },
        findings: [{ file: 'docs/release/evidence.md', line: 13, column: 1, messageId: 'unknownType' }],
      },
    ],
  },
  async check(context) {
    const site = context.facts.docs;
    // A run over every page (a cold one) starts the parse pool ahead; a cached run checks the few pages that changed.
    if (!context.scoped) site.expectDiagrams(context.inScope);
    const pages = await site.pages(context.inScope);
    // Generated diagrams are valid by construction (the generators' tests parse them) and
    // `generated/drift` holds them to the generators' output: parsing them again costs time only.
    const handWritten = (page: (typeof pages)[number]) =>
      page.mermaidBlocks.filter((block) => !page.inGeneratedRegion(block.firstLine));
    site.parseDiagrams(pages.flatMap((page) => handWritten(page).filter((block) => !site.mermaidBlockProblem(block))));
    for (const page of pages) {
      for (const block of handWritten(page)) {
        const file = page.file;
        const at = { file, position: { start: block.range.start } };
        const problem = site.mermaidBlockProblem(block);
        if (problem?.kind === 'unclosed')
          context.report({ ...at, messageId: 'unclosed', data: { fence: block.fence } });
        else if (problem?.kind === 'empty') context.report({ ...at, messageId: 'empty' });
        else if (problem?.kind === 'too-big')
          context.report({ ...at, messageId: 'tooBig', data: { size: problem.size, limit: problem.limit } });
        else if (problem?.kind === 'too-long')
          context.report({ ...at, messageId: 'tooLong', data: { lines: problem.lines, limit: problem.limit } });
        if (problem) continue;
        const result = await site.parseDiagram(block);
        if (result.ok) continue;
        const position = { start: page.positionInBlock(block, result.line, result.column) };
        const diagram = result.diagramKeyword ?? 'mermaid';
        if (result.kind === 'unknown-type')
          context.report({ file, position, messageId: 'unknownType', data: { keyword: result.diagramKeyword ?? '' } });
        else if (result.kind === 'limit')
          context.report({ file, position, messageId: 'limit', data: { diagram, reason: result.message } });
        else context.report({ file, position, messageId: 'syntax', data: { diagram, reason: result.message } });
      }
    }
  },
});
