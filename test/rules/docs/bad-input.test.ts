import { describe, expect, it } from 'vitest';
import { allRules } from '../../../rules/index.js';
import type { UserConfig } from '../../../src/config/config-schema.js';
import { examplePage } from '../../../src/docs/example-page.js';
import { messageIdOf } from '../../../src/engine/run.js';
import type { MemoryFile } from '../../../src/workspace/file-source.js';
import { checkTree } from '../../support/check-tree.js';

// Bad input of every kind is a located diagnostic or quietly correct: never a crash or a hang.

const DOCS_RULES = allRules.filter((r) => r.id.startsWith('docs/')).map((r) => r.id);
const NOW = new Date('2026-11-27T00:00:00Z');

const base: Record<string, MemoryFile> = {
  'mkdocs.yml': 'site_name: Atlas\nnav:\n  - index.md\n  - page.md\n',
  'docs/index.md': examplePage({ title: 'Atlas Operations' }, '# Atlas Operations\n\nSee [the page](page.md).\n'),
};

async function check(page: MemoryFile, extra: Record<string, MemoryFile> = {}, config?: UserConfig): Promise<string[]> {
  const files = { ...base, 'docs/page.md': page, ...extra };
  const diagnostics = await checkTree(files, { only: DOCS_RULES, now: NOW, ...(config ? { config } : {}) });
  return diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column} ${messageIdOf(d)}`);
}

const fine = (body: string) => examplePage({ title: 'Page' }, `# Page\n\n${body}`);

describe('front matter', () => {
  it.each([
    [
      'never closed',
      '---\ntitle: Page\naudience: operators\n\n# Page\n',
      ['docs/frontmatter docs/page.md:1:1 unterminated'],
    ],
    ['a list', '---\n- title\n- owner\n---\n\n# Page\n', ['docs/frontmatter docs/page.md:2:1 notMapping']],
    ['a scalar', '---\nPage about upgrades\n---\n\n# Page\n', ['docs/frontmatter docs/page.md:2:1 notMapping']],
    ['empty', '---\n---\n\n# Page\n', Array(6).fill('docs/frontmatter docs/page.md:1:1 schema')],
    [
      'YAML with a tab indent',
      '---\ntitle: Page\n\towner: x\n---\n\n# Page\n',
      ['docs/frontmatter docs/page.md:3:1 yaml'],
    ],
  ])('%s', async (_case, page, findings) => {
    expect(await check(page)).toEqual(findings);
  });

  it('reads a page with CRLF line endings like any other', async () => {
    expect(await check(fine('```mermaid\nflowchart TD\n    A --> B\n```\n').replace(/\n/g, '\r\n'))).toEqual([]);
  });
});

describe('files that are not Markdown text', () => {
  it('reports a binary file named `.md` once and leaves it to no other rule', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(await check(png)).toEqual(['docs/frontmatter docs/page.md:1:1 unreadable']);
    expect(await check('# Page\n\u0000\u0000\u0000')).toEqual(['docs/frontmatter docs/page.md:1:1 unreadable']);
  });

  it.each([
    ['20,000 nested quotes', `${'> '.repeat(20_000)}deep\n`],
    ['20,000 emphasis markers around a word', `${'*'.repeat(20_000)}x${'*'.repeat(20_000)}\n`],
    ['20,000 nested link brackets', `${'['.repeat(20_000)}x${'](a.md)'.repeat(20_000)}\n`],
    ['a list 300 levels deep', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n')],
  ])('reports a page with %s instead of letting the parser crawl or overflow', async (_case, body) => {
    expect(await check(fine(body))).toEqual(['docs/frontmatter docs/page.md:1:1 tooNested']);
  });

  it('reports a 10 MB page without parsing it', async () => {
    const huge = fine('Lorem ipsum with `ops/missing.json` and [a link](nowhere.md).\n\n'.repeat(160_000));
    expect(huge.length).toBeGreaterThan(10_000_000);
    expect(await check(huge)).toEqual(['docs/frontmatter docs/page.md:1:1 tooLarge']);
  });
});

describe('links', () => {
  const target = {
    'docs/my page.md': examplePage({ title: 'My Page' }, '# My Page\n\n## Ready to ship ✅\n'),
    'mkdocs.yml': 'site_name: Atlas\n',
  };

  it('decodes %-encoding, drops queries and reads angle brackets, then checks file and anchor', async () => {
    const links =
      '[a](my%20page.md#ready-to-ship) [b](<my page.md>) [c](my%20page.md?plain=1#ready-to-ship-) [d](my%20page.md#ready-to-ship-%E2%9C%85x)';
    expect(await check(fine(`${links}\n`), target)).toEqual(['docs/link docs/page.md:12:92 anchorHint']);
  });

  it('keeps malformed %-encoding as written instead of failing', async () => {
    expect(await check(fine('[a](my%E2%9Cpage.md) [b](#%)\n'), target)).toEqual([
      'docs/link docs/page.md:12:1 missing',
      'docs/link docs/page.md:12:22 anchor',
    ]);
  });
});

describe('headings', () => {
  it('accepts anchors to emoji, punctuation and inline-code headings in both slug flavours', async () => {
    const page = fine(
      [
        '## Ready to ship ✅',
        '## What’s new in `v1.4`?',
        '## C++ & Rust: a (short) tour!',
        '## Scenarios',
        '## Scenarios',
        '## Custom {#my-anchor}',
        '',
        '[1](#ready-to-ship) [2](#ready-to-ship-) [3](#whats-new-in-v14) [4](#custom-my-anchor)',
        '[5](#c-rust-a-short-tour) [6](#c--rust-a-short-tour) [7](#scenarios_1) [8](#scenarios-1) [9](#my-anchor)',
        '',
      ].join('\n\n'),
    );
    expect(await check(page)).toEqual([]);
  });
});

describe('code fences', () => {
  it('does not parse a Mermaid fence nested inside another fence', async () => {
    expect(await check(fine('````markdown\n```mermaid\nflowchart TD\n    A --> --> B\n```\n````\n'))).toEqual([]);
  });

  it('reports a Mermaid fence that is never closed instead of parsing the rest of the page', async () => {
    expect(await check(fine('```mermaid\nflowchart TD\n    A --> B\n\n## Later\n\nMore text.\n'))).toEqual([
      'docs/mermaid-syntax docs/page.md:12:1 unclosed',
    ]);
  });

  it('survives an unbalanced plain fence that swallows the rest of the page', async () => {
    expect(
      await check(fine('```bash\nnode ops/release/collect-evidence.mjs\n\n## Later\n\n[gone](nowhere.md)\n')),
    ).toEqual([]);
  });

  it('reports an empty Mermaid block', async () => {
    expect(await check(fine('```mermaid\n```\n'))).toEqual(['docs/mermaid-syntax docs/page.md:12:1 empty']);
  });
});

describe('large Mermaid blocks', () => {
  const flowchart = (lines: number) =>
    `flowchart TD\n${Array.from({ length: lines - 1 }, (_, i) => `    N${i % 400} --> N${(i % 400) + 1}`).join('\n')}`;

  it('reports a 5,000-line block as over the line limit without parsing it', async () => {
    expect(await check(fine(`\`\`\`mermaid\n${flowchart(5000)}\n\`\`\`\n`))).toEqual([
      'docs/mermaid-syntax docs/page.md:12:1 tooBig',
    ]);
    const short = `flowchart TD\n${Array.from({ length: 4999 }, (_, i) => `A${i % 9}-->B`).join('\n')}`;
    expect(short.length).toBeLessThan(50_000);
    expect(await check(fine(`\`\`\`mermaid\n${short}\n\`\`\`\n`))).toEqual([
      'docs/mermaid-syntax docs/page.md:12:1 tooLong',
    ]);
  });

  it('parses a block within the limits, and honours raised limits', async () => {
    const block = fine(`\`\`\`mermaid\n${flowchart(300)}\n\`\`\`\n`);
    expect(await check(block)).toEqual([]);
    expect(await check(block, {}, { docs: { mermaidMaxLines: 200 } })).toEqual([
      'docs/mermaid-syntax docs/page.md:12:1 tooLong',
    ]);
  });
});

describe('mkdocs.yml', () => {
  it('reads custom tags and follows INHERIT inside the repository', async () => {
    const extra = {
      'mkdocs.yml':
        "INHERIT: config/mkdocs.base.yml\nsite_url: !ENV [SITE_URL, 'https://x.example/']\nnav:\n  - index.md\n  - page.md\n",
      'config/mkdocs.base.yml':
        'markdown_extensions:\n  - pymdownx.emoji:\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n',
    };
    expect(await check(fine(''), extra)).toEqual([]);
  });

  it('reports INHERIT that leaves the repository, and still checks nav', async () => {
    const extra = { 'mkdocs.yml': 'INHERIT: ../../shared/mkdocs.yml\nnav:\n  - index.md\n' };
    expect(await check(fine(''), extra)).toEqual([
      'docs/nav docs/page.md:1:1 notInNav',
      'docs/nav mkdocs.yml:1:10 inherit',
    ]);
  });

  it('reports YAML that does not parse at its place', async () => {
    expect(await check(fine(''), { 'mkdocs.yml': 'site_name: Atlas\nnav:\n  - index.md\n - page.md\n' })).toEqual([
      'docs/nav mkdocs.yml:4:1 yaml',
    ]);
  });
});
