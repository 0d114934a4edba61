import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/config.js';
import { DocsSite } from '../../src/docs/docs-site.js';
import { examplePage } from '../../src/docs/example-page.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { SchemaSet } from '../../src/schema/schema-set.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateDocsTree } from '../dev/generate-docs-tree.js';

const NOW = new Date('2026-11-27T00:00:00Z');
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('DocsSite', () => {
  const files = {
    'docs/a.md': examplePage({ title: 'A' }, '# A\n\nSee [b](b.md#b).\n'),
    'docs/b.md': examplePage({ title: 'B' }, '# B\n'),
    'docs/skip/c.md': '# C\n',
    'README.md': '# Readme\n\n## Usage\n',
  };

  it('parses each page once, lists the configured pages, and loads any Markdown file on request', async () => {
    const workspace = new Workspace(new MemorySource(files));
    const config = resolveConfig({ docs: { exclude: ['docs/skip/**'] } }, 'none');
    const site = new DocsSite(workspace, config, () => new SchemaSet(workspace, config, []));
    expect(site.pageFiles).toEqual(['docs/a.md', 'docs/b.md']);
    const first = await site.load('docs/a.md');
    expect(await site.load('docs/a.md')).toBe(first);
    expect((await site.pages()).map((p) => p.file)).toEqual(['docs/a.md', 'docs/b.md']);
    expect((await site.pages())[0]).toBe(first.ok ? first.page : undefined);
    const readme = await site.load('README.md');
    expect(readme.ok && [...readme.page.anchors]).toEqual(['readme', 'usage']);
  });

  it("recalls the MkDocs config's heading-id options by its content, unless it inherits another", async () => {
    const kept = new Map<string, unknown>();
    const memo = {
      recall: (kind: string, id: string) => kept.get(`${kind}\0${id}`),
      remember: (kind: string, id: string, value: unknown) => void kept.set(`${kind}\0${id}`, value),
    };
    const anchorsWith = async (tree: Record<string, string>) => {
      const workspace = new Workspace(new MemorySource(tree));
      workspace.memo = memo;
      const config = resolveConfig({}, 'none');
      const site = new DocsSite(workspace, config, () => new SchemaSet(workspace, config, []));
      const page = await site.load('docs/a.md');
      return page.ok ? [...page.page.anchors] : [];
    };
    const page = '# Rolling back\n';
    const plain = { 'mkdocs.yml': 'site_name: x\n', 'docs/a.md': page };
    const inheriting = { 'mkdocs.yml': 'INHERIT: base.yml\n', 'base.yml': 'site_name: x\n', 'docs/a.md': page };
    expect(await anchorsWith(plain)).toEqual(['rolling-back']);
    expect(await anchorsWith(inheriting)).toEqual(['rolling-back']);
    // Poisoned: every options a run kept say ids are made with `_`; a page's ids show whether they were recalled.
    for (const [key, value] of kept)
      if (key.startsWith('mkdocs-slug-options') && (value as { slugOptions?: unknown }).slugOptions)
        kept.set(key, { slugOptions: { separator: '_' } });
    expect(await anchorsWith(plain)).toContain('rolling_back');
    // With `INHERIT` the options depend on another file: nothing was kept, they are read from the configs.
    expect(await anchorsWith(inheriting)).toEqual(['rolling-back']);
  });

  it('reports only on the files of a scoped run, while still reading the pages they link to', async () => {
    const tree = {
      ...files,
      'docs/a.md': examplePage({ title: 'A' }, '# A\n\nSee [b](b.md#nope).\n'),
      'docs/b.md': examplePage({ title: 'Wrong' }, '# B\n'),
    };
    const result = await runCheck({ source: new MemorySource(tree), rules: allRules, now: NOW, files: ['docs/a.md'] });
    expect(result.report.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line} ${messageIdOf(d)}`)).toEqual([
      'docs/link docs/a.md:12 anchor',
    ]);
  });
});

describe('the generated docs tree of the bench', () => {
  it('has the pages and diagrams asked for, and is clean under every rule', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'surveyor-docs-tree-'));
    temps.push(root);
    generateDocsTree(root, { pages: 12, mermaidBlocks: 15, pagesPerSection: 5 });
    const pages = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      /^area-.*\.md$/.test(f),
    );
    const blocks = pages.map((f) => readFileSync(path.join(root, 'docs', f), 'utf8').split('```mermaid').length - 1);
    expect(pages).toHaveLength(12);
    expect(blocks.reduce((a, b) => a + b, 0)).toBe(15);
    const result = await runCheck({ root, rules: allRules, now: NOW });
    expect(result.report.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
  });
});
