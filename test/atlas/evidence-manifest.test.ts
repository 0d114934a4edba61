import { describe, expect, it } from 'vitest';
import { readEvidenceManifest } from '../../src/atlas/evidence-manifest.js';

describe('the evidence manifest, read generically', () => {
  it('finds paths, digests, folder summaries, image digests and profiles at any depth, whatever the group names', () => {
    const manifest = readEvidenceManifest('m.json', {
      schema_version: 2,
      generated_by: 'ops/release/collect.mjs',
      identity_path: 'ops/id.json',
      brand_new_group: { nested: { deeper: [{ path: 'artifacts/x.bin', sha256: 'ab', profile: 'edge' }] } },
      notes: ['artifacts/notes.md', 'artifacts/more.md'],
      tags: ['stable', 'lts'],
      images: [{ digest: 'sha256:00', profile: 'prod', source_path: 'ops/k8s/values/prod.yaml' }],
      site: { site_dir: 'docs', file_count: 3, sha256: 'cd' },
      evidence_tarball: { path: 'ops/bundle.tar', sha256: 'ef' },
    })!;
    expect(manifest.paths.map((p) => `${p.pointer} ${p.path}`)).toEqual([
      '/identity_path ops/id.json',
      '/brand_new_group/nested/deeper/0/path artifacts/x.bin',
      '/notes/0 artifacts/notes.md',
      '/notes/1 artifacts/more.md',
      '/images/0/source_path ops/k8s/values/prod.yaml',
      '/site/site_dir docs',
      '/evidence_tarball/path ops/bundle.tar',
    ]);
    expect(manifest.digests.map((d) => `${d.pointer} ${d.path}`)).toEqual([
      '/brand_new_group/nested/deeper/0/sha256 artifacts/x.bin',
      '/evidence_tarball/sha256 ops/bundle.tar',
    ]);
    expect(manifest.sites).toEqual([
      { siteDir: 'docs', siteDirPointer: '/site/site_dir', fileCount: 3, sha256: 'cd', pointer: '/site/sha256' },
    ]);
    expect(manifest.imageDigests).toEqual([{ value: 'sha256:00', pointer: '/images/0/digest' }]);
    expect(manifest.profiles.map((p) => p.value)).toEqual(['edge', 'prod']);
    expect(manifest.tarball).toEqual({ path: 'ops/bundle.tar', pointer: '/evidence_tarball/path' });
  });

  it('escapes keys in pointers and reads nothing from a manifest that is not an object', () => {
    expect(readEvidenceManifest('m.json', { 'a/b': { path: 'x/y', sha256: '1' } })!.digests[0]!.pointer).toBe(
      '/a~1b/sha256',
    );
    expect(readEvidenceManifest('m.json', [{ path: 'x/y' }])).toBeUndefined();
  });
});
