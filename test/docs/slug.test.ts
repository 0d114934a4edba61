import { describe, expect, it } from 'vitest';
import { GithubSlugger, githubSlug, MkdocsIds, mkdocsSlug } from '../../src/docs/slug.js';

// Heading text as rendered (inline code keeps its text) → anchor, per renderer.
const headings: [string, string, string][] = [
  // text, MkDocs (Python-Markdown toc), GitHub (github-slugger)
  ['Upgrade Path in This Repository', 'upgrade-path-in-this-repository', 'upgrade-path-in-this-repository'],
  [
    'Pinning image.digest instead of image.tag',
    'pinning-imagedigest-instead-of-imagetag',
    'pinning-imagedigest-instead-of-imagetag',
  ],
  ['Ready to ship ✅', 'ready-to-ship', 'ready-to-ship-'],
  ['😄 emoji', 'emoji', '-emoji'],
  ['Café & Crème', 'cafe-creme', 'café--crème'],
  ["What's new?", 'whats-new', 'whats-new'],
  ['a - b', 'a-b', 'a---b'],
  ['foo_bar', 'foo_bar', 'foo_bar'],
  ['  Leading and trailing  ', 'leading-and-trailing', '--leading-and-trailing--'],
  ['C++ & Rust (2024)', 'c-rust-2024', 'c--rust-2024'],
  ['Привет non-latin 你好', 'non-latin', 'привет-non-latin-你好'],
  ['install-gate', 'install-gate', 'install-gate'],
  ['k8s-suite: v1.2', 'k8s-suite-v12', 'k8s-suite-v12'],
];

describe('mkdocsSlug (Python-Markdown toc.slugify)', () => {
  it.each(headings)('%j → %j', (text, mkdocs) => {
    expect(mkdocsSlug(text)).toBe(mkdocs);
  });

  it('keeps letters outside ASCII with a unicode slugify, and honours the separator', () => {
    expect(mkdocsSlug('Привет non-latin 你好', { unicode: true })).toBe('привет-non-latin-你好');
    expect(mkdocsSlug('Café & Crème', { unicode: true })).toBe('café-crème');
    expect(mkdocsSlug('Upgrade Path here', { separator: '_' })).toBe('upgrade_path_here');
  });
});

describe('githubSlug (github-slugger)', () => {
  it.each(headings.map(([text, , github]) => [text, github]))('%j → %j', (text, github) => {
    expect(githubSlug(text)).toBe(github);
  });
});

describe('duplicate headings', () => {
  it('MkDocs numbers repeats `_1`, `_2`, and steps over ids already used', () => {
    const ids = new MkdocsIds();
    // Python-Markdown's `unique` bumps a trailing `_N` rather than appending another.
    expect(['scenarios', 'scenarios', 'scenarios_1', 'scenarios'].map((s) => ids.next(s))).toEqual([
      'scenarios',
      'scenarios_1',
      'scenarios_2',
      'scenarios_3',
    ]);
  });

  it('MkDocs gives an empty slug `_1` and avoids explicit `{#id}`s', () => {
    const ids = new MkdocsIds(['purpose']);
    expect([ids.next(''), ids.next('purpose'), ids.next('')]).toEqual(['_1', 'purpose_1', '_2']);
  });

  it('GitHub numbers repeats `-1`, `-2`, as github-slugger does', () => {
    const ids = new GithubSlugger();
    expect(['foo', 'foo', 'bar', 'foo', 'foo-1'].map((s) => ids.slug(s))).toEqual([
      'foo',
      'foo-1',
      'bar',
      'foo-2',
      'foo-1-1',
    ]);
  });
});
