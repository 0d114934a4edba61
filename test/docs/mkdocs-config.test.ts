import { describe, expect, it } from 'vitest';
import { gitignoreMatcher } from '../../src/docs/gitignore-patterns.js';
import { MkDocsConfig } from '../../src/docs/mkdocs-config.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function load(files: Record<string, string>, file = 'mkdocs.yml'): MkDocsConfig {
  return new MkDocsConfig(new Workspace(new MemorySource(files)), file);
}

describe('MkDocsConfig', () => {
  it('reads nav with pointers, skips links, and finds redirect maps and toc options', () => {
    const config = load({
      'mkdocs.yml': [
        "site_url: !ENV [SITE_URL, 'https://atlas.example.org/']",
        'nav:',
        '  - index.md',
        '  - Operations:',
        '      - Install matrix: operations/install-matrix.md',
        '      - Issues: https://example.org/issues',
        'plugins:',
        '  - search',
        '  - redirects:',
        '      redirect_maps:',
        '        operations/upgrades.md: operations/upgrades-and-rollback.md',
        'markdown_extensions:',
        '  - toc:',
        '      separator: "_"',
        '      slugify: !!python/name:pymdownx.slugs.uslugify',
        '',
      ].join('\n'),
    });
    expect(config.problems).toEqual([]);
    expect(config.docsDir).toBe('docs');
    expect(config.nav).toEqual([
      { page: 'index.md', file: 'mkdocs.yml', pointer: '/nav/0' },
      { page: 'operations/install-matrix.md', file: 'mkdocs.yml', pointer: '/nav/1/Operations/0/Install matrix' },
    ]);
    expect([...config.redirects]).toEqual([['operations/upgrades.md', 'operations/upgrades-and-rollback.md']]);
    expect(config.slugOptions).toEqual({ separator: '_', unicode: true });
  });

  it('follows INHERIT, merging maps and letting the child replace lists', () => {
    const config = load({
      'config/base.yml':
        'docs_dir: site-docs\nnav:\n  - base.md\nplugins:\n  redirects:\n    redirect_maps:\n      a.md: b.md\n',
      'mkdocs.yml':
        'INHERIT: config/base.yml\nnav:\n  - child.md\nplugins:\n  redirects:\n    redirect_maps:\n      c.md: d.md\n',
    });
    expect(config.problems).toEqual([]);
    expect(config.files).toEqual(['mkdocs.yml', 'config/base.yml']);
    expect(config.docsDir).toBe('site-docs');
    expect(config.nav).toEqual([{ page: 'child.md', file: 'mkdocs.yml', pointer: '/nav/0' }]);
    expect([...config.redirects]).toEqual([
      ['a.md', 'b.md'],
      ['c.md', 'd.md'],
    ]);
  });

  it('places nav entries inherited from a parent in the parent file', () => {
    const config = load({
      'base.yml': 'nav:\n  - Home: index.md\n',
      'mkdocs.yml': 'INHERIT: base.yml\nsite_name: x\n',
    });
    expect(config.nav).toEqual([{ page: 'index.md', file: 'base.yml', pointer: '/nav/0/Home' }]);
  });

  it.each([
    ['outside the repository', 'INHERIT: ../shared/mkdocs.yml\n', 'leaves the repository'],
    ['to a missing file', 'INHERIT: base.yml\n', 'does not exist'],
    ['back to itself', 'INHERIT: ./mkdocs.yml\n', 'inherits back from this file'],
  ])('reports INHERIT %s and reads the rest', (_case, text, reason) => {
    const config = load({ 'mkdocs.yml': `${text}nav:\n  - index.md\n` });
    expect(config.problems).toEqual([{ kind: 'inherit', file: 'mkdocs.yml', value: text.slice(9).trim(), reason }]);
    expect(config.nav?.map((e) => e.page)).toEqual(['index.md']);
  });

  it('reports a cycle through two files once, at the file that closes it', () => {
    const config = load({ 'mkdocs.yml': 'INHERIT: a.yml\n', 'a.yml': 'INHERIT: mkdocs.yml\n' });
    expect(config.problems).toEqual([
      { kind: 'inherit', file: 'a.yml', value: 'mkdocs.yml', reason: 'inherits back from this file' },
    ]);
  });

  it('reports YAML errors, a config that is not a mapping, and odd nav entries without failing', () => {
    expect(load({ 'mkdocs.yml': 'nav: [index.md\n' }).problems.map((p) => p.kind)).toEqual(['yaml']);
    expect(load({ 'mkdocs.yml': '- a\n- b\n' }).problems).toEqual([
      { kind: 'not-mapping', file: 'mkdocs.yml', found: 'a list' },
    ]);
    const odd = load({ 'mkdocs.yml': 'nav:\n  - 42\n  - A: 1\n  - { A: a.md, B: b.md }\n' });
    expect(odd.navShapeProblems.map((p) => p.pointer)).toEqual(['/nav/0', '/nav/1/A', '/nav/2']);
  });

  it("applies exclude_docs (with MkDocs' own dotfile and templates exclusions) and not_in_nav", () => {
    const config = load({ 'mkdocs.yml': 'exclude_docs: |\n  *.tmp.md\n  /private/\nnot_in_nav: |\n  drafts/*.md\n' });
    expect(
      ['a.tmp.md', 'x/b.tmp.md', 'private/p.md', '.hidden.md', 'templates/t.md', 'public/p.md'].map((p) =>
        config.isExcluded(p),
      ),
    ).toEqual([true, true, true, true, true, false]);
    expect(['drafts/a.md', 'drafts/deep/a.md', 'x/drafts/a.md'].map((p) => config.isNotInNav(p))).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('gitignoreMatcher', () => {
  it.each([
    ['*.md', 'a/b/c.md', true],
    ['/top.md', 'top.md', true],
    ['/top.md', 'a/top.md', false],
    ['drafts/', 'drafts/a.md', true],
    ['drafts/', 'drafts.md', false],
    ['a/**/z.md', 'a/b/c/z.md', true],
    ['# comment', '# comment', false],
    ['\\#hash.md', '#hash.md', true],
  ])('%j matches %j: %j', (pattern, path, matches) => {
    expect(gitignoreMatcher([pattern])(path)).toBe(matches);
  });

  it('lets a later `!` pattern re-include a path', () => {
    const matches = gitignoreMatcher(['drafts/*.md', '!drafts/keep.md']);
    expect([matches('drafts/a.md'), matches('drafts/keep.md')]).toEqual([true, false]);
  });
});
