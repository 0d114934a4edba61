import { describe, expect, it } from 'vitest';
import { examplePage } from '../../../src/docs/example-page.js';
import { ruleFindings } from './rule-cases.js';

const pages = {
  'docs/index.md': examplePage({ title: 'Home' }, '# Home\n'),
  'docs/operations/install-matrix.md': examplePage({}, '# Install Matrix\n'),
  'docs/drafts/idea.md': examplePage({ title: 'Idea' }, '# Idea\n'),
};

describe('docs/nav', () => {
  it('is quiet without an MkDocs config, and lists every page when nav is absent', async () => {
    expect(await ruleFindings('docs/nav', pages)).toEqual([]);
    expect(await ruleFindings('docs/nav', { ...pages, 'mkdocs.yml': 'site_name: Atlas\n' })).toEqual([]);
  });

  it.each([
    ['a page that redirect_maps moved', '  - operations/upgrades.md', 'moved'],
    ['a page that exclude_docs leaves out', '  - drafts/idea.md', 'excluded'],
    ['a page outside the docs folder', '  - ../README.md', 'outside'],
    ['an entry of the wrong shape', '  - 42', 'entry'],
  ])('reports %s', async (_case, entry, messageId) => {
    const mkdocs = `site_name: Atlas\nexclude_docs: |\n  drafts/\nnav:\n  - index.md\n  - operations/install-matrix.md\n${entry}\nplugins:\n  - redirects:\n      redirect_maps:\n        operations/upgrades.md: operations/install-matrix.md\n`;
    expect((await ruleFindings('docs/nav', { ...pages, 'mkdocs.yml': mkdocs })).map((f) => f.split(' ')[1])).toEqual([
      messageId,
    ]);
  });

  it('uses docs_dir, and reports one that leaves the repository', async () => {
    const moved = { 'site/index.md': pages['docs/index.md'], 'mkdocs.yml': 'docs_dir: site\nnav:\n  - index.md\n' };
    expect(await ruleFindings('docs/nav', moved, { docs: { pages: ['site/**/*.md'] } })).toEqual([]);
    expect(await ruleFindings('docs/nav', { 'mkdocs.yml': 'docs_dir: ../elsewhere\n' })).toEqual([
      'mkdocs.yml:1:11 docsDir',
    ]);
  });

  it('reads the config named by `docs.mkdocs`', async () => {
    const files = {
      ...pages,
      'site/mkdocs.yml': 'docs_dir: ../docs\nnav:\n  - index.md\nnot_in_nav: |\n  /operations/\n  drafts/*.md\n',
    };
    expect(await ruleFindings('docs/nav', files, { docs: { mkdocs: 'site/mkdocs.yml' } })).toEqual([]);
  });
});
