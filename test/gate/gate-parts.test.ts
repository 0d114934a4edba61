import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestArtifacts } from '../../src/atlas/manifest-artifacts.js';
import { changesRelease, evidenceFolder, previousRelease, releaseIdVersion } from '../../src/atlas/release.js';
import { resolveConfig } from '../../src/config/config.js';
import { markdownInline } from '../../src/gate/gate-markdown.js';
import { commitHistory, isCommitRef } from '../../src/workspace/git-history.js';
import { git } from './gate-fixtures.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('releaseIdVersion', () => {
  it.each([
    ['atlas-1.4.0', '1.4.0'],
    ['v1.4.0', '1.4.0'],
    ['1.4.0', '1.4.0'],
    ['atlas-1.4.0-rc.1', '1.4.0-rc.1'],
    ['atlas2-1.4.0', '1.4.0'],
    ['atlas', undefined],
    ['atlas-1.4', undefined],
    ['atlas-01.4.0', undefined],
  ])('`%s` names %s', (id, version) => {
    expect(releaseIdVersion(id)).toBe(version);
  });
});

describe('previousRelease', () => {
  it.each([
    [['1.2.4', '1.3.0', '1.3.2', '1.4.0'], '1.4.0', '1.3.2'],
    [['1.3.2', '1.10.0', '1.9.1'], '1.10.0', '1.9.1'],
    [['1.3.2', '1.4.0-rc.1'], '1.4.0', '1.3.2'],
    [['1.4.0', '2.0.0'], '1.4.0', undefined],
    [['not-a-version', '1.3.2'], '1.4.0', '1.3.2'],
  ])('among %j below %s is %s', (versions, release, previous) => {
    expect(previousRelease(versions, release)).toBe(previous);
  });
});

describe('evidenceFolder', () => {
  it('is the folder of the manifest, with a trailing slash', () => {
    expect(evidenceFolder('ops/release/evidence/manifest.json')).toBe('ops/release/evidence/');
    expect(evidenceFolder('manifest.json')).toBe('');
  });
});

describe('changesRelease', () => {
  const atlas = resolveConfig({}, 'atlas').atlas;
  it.each([
    ['ops/release/evidence/identity.json', false],
    ['ops/release/evidence/manifest.json', false],
    ['ops/report/generated/readiness-score.json', false],
    ['docs/operations/evidence-coverage.md', false],
    ['README.md', false],
    ['ops/k8s/charts/atlas/Chart.yaml', true],
    ['ops/k8s/values/prod-ha.yaml', true],
    ['ops/k8s/install-matrix.json', true],
    ['src/server.ts', true],
    ['mkdocs.yml', true],
  ])('a change to `%s` changes the release: %s', (file, expected) => {
    expect(changesRelease(file, atlas)).toBe(expected);
  });
});

describe('markdownInline', () => {
  it('keeps code spans, escapes HTML outside them and pipes everywhere, and stays on one line', () => {
    expect(markdownInline('Profile `a|b` has <script>alert(1)</script> & more\nlines')).toBe(
      'Profile `a\\|b` has &lt;script&gt;alert(1)&lt;/script&gt; &amp; more lines',
    );
    expect(markdownInline('`<details>` stays code')).toBe('`<details>` stays code');
  });
});

describe('manifestArtifacts', () => {
  it('finds image artifacts and SBOMs at any depth, with their pointers', () => {
    const found = manifestArtifacts({
      images: { server: { digest: 'sha256:ab', profile: 'prod-ha', repository: 'r/a', tag: '1' } },
      release: {
        sboms: [
          { path: 'artifacts/a.cdx.json', format: 'cyclonedx-json', profile: 'prod-ha' },
          { path: 'reports/x.json' },
        ],
      },
    });
    expect(found).toEqual({
      images: [{ pointer: '/images/server', digest: 'sha256:ab', profile: 'prod-ha', repository: 'r/a', tag: '1' }],
      sboms: [
        { pointer: '/release/sboms/0', path: 'artifacts/a.cdx.json', format: 'cyclonedx-json', profile: 'prod-ha' },
      ],
    });
  });

  it('walks a manifest nested 20,000 deep without overflowing the stack, and keeps document order', () => {
    let nested: unknown = { digest: 'sha256:deep' };
    for (let depth = 0; depth < 20_000; depth++) nested = [nested];
    const found = manifestArtifacts({ a: { digest: 'sha256:first' }, b: nested, 'c/d': { digest: 'sha256:last' } });
    expect(found.images.map((image) => image.digest)).toEqual(['sha256:first', 'sha256:deep', 'sha256:last']);
    expect(found.images[1]!.pointer).toBe(`/b${'/0'.repeat(20_000)}`);
    expect(found.images[2]!.pointer).toBe('/c~1d');
  });
});

describe('commitHistory', () => {
  it('cannot verify anything outside a git checkout, or below its top', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'surveyor-nogit-'));
    temps.push(outside);
    expect(commitHistory(outside, 'abcdef0')).toEqual({ kind: 'not-checkout' });
    expect(commitHistory(outside, 'v1.4.0')).toEqual({ kind: 'not-checkout' });
    const checkout = mkdtempSync(path.join(tmpdir(), 'surveyor-git-'));
    temps.push(checkout);
    git(checkout, 'init', '-q');
    git(checkout, 'commit', '-q', '--allow-empty', '-m', 'first');
    const head = git(checkout, 'rev-parse', 'HEAD');
    mkdirSync(path.join(checkout, 'sub'));
    expect(commitHistory(path.join(checkout, 'sub'), head)).toEqual({ kind: 'not-checkout' });
    expect(commitHistory(checkout, head)).toEqual({ kind: 'ancestor', head, commit: head, changed: [] });
    expect(commitHistory(checkout, head.slice(0, 10))).toEqual({ kind: 'ancestor', head, commit: head, changed: [] });
  });

  it('refuses what is not a commit id or ref name before git sees it', () => {
    for (const bad of ['--output=/tmp/x', 'HEAD~1', 'a..b', 'main@{1}', '-v', 'x y', ''])
      expect(isCommitRef(bad), bad).toBe(false);
    for (const good of ['v1.4.0', 'release/1.4', 'abcdef0', 'atlas-1.4.0']) expect(isCommitRef(good), good).toBe(true);
    expect(() => commitHistory(tmpdir(), '--output=/tmp/x')).toThrow('is not a commit id');
  });
});
