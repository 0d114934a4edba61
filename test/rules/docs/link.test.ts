import { describe, expect, it } from 'vitest';
import { examplePage } from '../../../src/docs/example-page.js';
import { check } from '../../../src/index.js';
import { MemorySource } from '../../../src/workspace/file-source.js';
import { ruleFindings } from './rule-cases.js';

const page = (body: string) => examplePage({ title: 'Index' }, `# Index\n\n${body}\n`);
const tree = (body: string) => ({
  'mkdocs.yml':
    'site_name: Atlas\nplugins:\n  - redirects:\n      redirect_maps:\n        old.md: https://elsewhere.example/new/\n',
  'docs/index.md': page(body),
  'docs/operations/install-matrix.md': examplePage({}, '# Install Matrix\n\n## Scenarios\n'),
  'docs/img/flow.png': new Uint8Array([0x89, 0x50]),
  'ops/k8s/install-matrix.json': '{}',
});

describe('docs/link', () => {
  it.each([
    ['a folder', '[ops](operations/)'],
    ['a repository file outside the docs', '[matrix](../ops/k8s/install-matrix.json)'],
    ['an image', '![flow](img/flow.png)'],
    ['a link definition', '[m][m]\n\n[m]: operations/install-matrix.md#scenarios'],
    [
      'other sites, mail and site-absolute paths',
      '[a](https://example.org/x.md#y) [b](mailto:a@b.c) [c](/operations/)',
    ],
    ['an anchor on a non-Markdown file', '[m](../ops/k8s/install-matrix.json#/profiles)'],
    ['an anchor of the page itself', '[top](#index)'],
  ])('accepts %s', async (_case, body) => {
    expect(await ruleFindings('docs/link', tree(body))).toEqual([]);
  });

  it.each([
    ['a link that climbs out of the repository', '[x](../../../etc/passwd)', 'outside'],
    ['a missing image', '![x](img/none.png)', 'missing'],
    ['a broken definition', '[m][m]\n\n[m]: operations/none.md', 'missing'],
    ['an anchor with nothing close to it', '[m](operations/install-matrix.md#zzz-unrelated-anchor-text)', 'anchor'],
    ['a page moved to another site', '[old](old.md)', 'moved'],
    ['a machine path to no file of the repository', '[x](/home/ana/notes/todo.md)', 'machineUnknown'],
    ['a Windows path', '[x](C:\\Users\\ana\\atlas\\docs\\operations\\install-matrix.md)', 'machine'],
  ])('reports %s', async (_case, body, messageId) => {
    const findings = await ruleFindings('docs/link', tree(body));
    expect(findings.map((f) => f.split(' ')[1])).toEqual([messageId]);
  });

  it('suggests the repo-relative link for a machine path, keeping the anchor', async () => {
    const result = await check({
      source: new MemorySource(tree('[m](/Users/ana/atlas/docs/operations/install-matrix.md#scenarios)')),
      only: ['docs/link'],
    });
    expect(result.report.diagnostics.map((d) => d.message)).toEqual([
      '`/Users/ana/atlas/docs/operations/install-matrix.md#scenarios` is an absolute path on one machine and leads nowhere for anyone else: link to `operations/install-matrix.md#scenarios` instead',
    ]);
  });
});
