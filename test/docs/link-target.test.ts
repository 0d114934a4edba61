import { describe, expect, it } from 'vitest';
import { readLinkTarget, relativeLink } from '../../src/docs/link-target.js';
import { checkPathReference, hasPathPrefix, readPathReference } from '../../src/docs/path-reference.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

const page = 'docs/operations/upgrades.md';

describe('readLinkTarget', () => {
  it.each([
    ['install-matrix.md', { kind: 'relative', path: 'docs/operations/install-matrix.md', fragment: undefined }],
    [
      '../release/evidence.md#the-manifest',
      { kind: 'relative', path: 'docs/release/evidence.md', fragment: 'the-manifest' },
    ],
    ['my%20page.md', { kind: 'relative', path: 'docs/operations/my page.md', fragment: undefined }],
    ['bad%E2%9C.md', { kind: 'relative', path: 'docs/operations/bad%E2%9C.md', fragment: undefined }],
    [
      'matrix.md?plain=1#ready-to-ship-%E2%9C%85',
      { kind: 'relative', path: 'docs/operations/matrix.md', fragment: 'ready-to-ship-✅' },
    ],
    ['./', { kind: 'relative', path: 'docs/operations/', fragment: undefined }],
    [
      '../../ops/k8s/install-matrix.json',
      { kind: 'relative', path: 'ops/k8s/install-matrix.json', fragment: undefined },
    ],
    ['../../../secrets.md', { kind: 'outside' }],
    ['#scenarios_1', { kind: 'same-page', fragment: 'scenarios_1' }],
    ['?tab=2#top', { kind: 'same-page', fragment: 'top' }],
    ['https://example.org/x.md', { kind: 'external' }],
    ['mailto:ops@example.org', { kind: 'external' }],
    ['/operations/install-matrix/', { kind: 'external' }],
    ['', { kind: 'external' }],
  ])('reads %j', (url, expected) => {
    expect(readLinkTarget(url, page)).toEqual(expected);
  });

  it.each([
    [
      '/Users/ana/src/atlas/docs/release/evidence.md#the-manifest',
      ['Users', 'ana', 'src', 'atlas', 'docs', 'release', 'evidence.md'],
      'the-manifest',
    ],
    ['/home/ci/atlas/docs/index.md', ['home', 'ci', 'atlas', 'docs', 'index.md'], undefined],
    ['C:\\Users\\ana\\atlas\\docs\\index.md', ['Users', 'ana', 'atlas', 'docs', 'index.md'], undefined],
    ['file:///Users/ana/atlas/docs/my%20page.md', ['Users', 'ana', 'atlas', 'docs', 'my page.md'], undefined],
  ])('reads %j as a path on one machine', (url, segments, fragment) => {
    expect(readLinkTarget(url, page)).toEqual({ kind: 'machine', segments, fragment });
  });

  it('writes the link from a page to a repository path', () => {
    expect(relativeLink(page, 'docs/release/evidence.md', 'the-manifest')).toBe('../release/evidence.md#the-manifest');
    expect(relativeLink('docs/index.md', 'docs/index.md')).toBe('index.md');
  });
});

describe('path references', () => {
  const workspace = new Workspace(
    new MemorySource({
      'ops/k8s/install-matrix.json': '{}',
      'ops/k8s/values/prod-ha.yaml': 'a: 1\n',
      'ops/e2e/scenarios/upgrade/upgrade-patch.json': '{}',
    }),
  );
  const check = (value: string) => {
    const reference = readPathReference(value);
    return reference && checkPathReference(workspace, reference, ['artifacts/']);
  };

  it.each([
    ['ops/k8s/install-matrix.json', 'exists'],
    ['./ops/k8s/install-matrix.json', 'exists'],
    ['ops/k8s/install-matrix.json:12', 'exists'],
    ['ops/k8s/install-matrix.json#/profiles/0', 'exists'],
    ['ops/k8s/values/', 'exists'],
    ['ops/k8s/values', 'exists'],
    ['ops/k8s/values/<profile>.yaml', 'exists'],
    ['ops/e2e/scenarios/upgrade/*.json', 'exists'],
    ['ops/e2e/scenarios/{upgrade,rollback}/', 'exists'],
    ['artifacts/reports/perf-summary.json', 'build-output'],
    ['ops/k8s/matrix.json', 'missing'],
    ['ops/k8s/charts/', 'no-folder'],
    ['ops/e2e/scenarios/rollback/*.json', 'no-match'],
    ['../outside.json', 'outside'],
    ['/etc/passwd', 'outside'],
    ['node ops/release/collect-evidence.mjs', undefined],
  ])('%j: %j', (value, outcome) => {
    expect(check(value)).toBe(outcome);
  });

  it('recognises repo paths by their top-level folder only', () => {
    const prefixes = ['ops/', 'docs'];
    expect(
      [
        'ops/k8s/x.json',
        './docs/index.md',
        'image.digest',
        'store.backend=postgres',
        'chart-previous',
        'opsx/a',
        'k8s/ops/a',
      ].map((v) => hasPathPrefix(v, prefixes)),
    ).toEqual([true, true, false, false, false, false, false]);
  });
});
