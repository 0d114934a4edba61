import { describe, expect, it } from 'vitest';
import { editText, exampleTree, positionOf, resealEvidence, textOf } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTarballMembers, beaconTree, gzippedTarball } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MANIFEST = 'ops/release/evidence/manifest.json';

describe('evidence/sha256', () => {
  it('reports a contract edited after the evidence was collected in the example, and nothing else', async () => {
    const tree = editText(
      exampleTree(),
      'ops/k8s/install-matrix.json',
      '"schema_version": 1,',
      '"schema_version": 1 ,',
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'evidence/sha256',
        'stale',
        positionOf(tree, MANIFEST, `"${JSON.parse(textOf(tree, MANIFEST)).audit_assets.install_matrix.sha256}"`),
      ),
    ]);
  });

  it('reports a tarball member that changed after collection in the beacon repository, and nothing else', async () => {
    const members = { ...beaconTarballMembers(), 'build/logs/upgrade-minor.log': 'upgrade 2.0.3 -> 2.1.0: FAILED\n' };
    // The tarball was rebuilt and its own digest updated, but not its members' digests.
    const tree = resealEvidence(
      { ...beaconTree(), [BEACON_TARBALL]: gzippedTarball(members) },
      { tarball: BEACON_TARBALL, only: [BEACON_TARBALL] },
    );
    const stale = await checkAll(tree);
    expect(stale).toEqual([]); // the log is a plain path list entry: existence only
    const attested = {
      ...members,
      'build/attestations/gpu-batch.intoto.json': '{ "subject": "beacon-api", "profile": "gpu" }\n',
    };
    const changed = resealEvidence(
      { ...beaconTree(), [BEACON_TARBALL]: gzippedTarball(attested) },
      { tarball: BEACON_TARBALL, only: [BEACON_TARBALL] },
    );
    expect(await checkAll(changed)).toEqual([
      finding(
        'evidence/sha256',
        'stale',
        positionOf(changed, MANIFEST, `"${JSON.parse(textOf(changed, MANIFEST)).compliance.attestations[1].sha256}"`),
      ),
    ]);
  });

  it('leaves the docs site summary alone: its digest is not part of the contract', async () => {
    const example = exampleTree();
    const tree = { ...example, 'docs/index.md': `${textOf(example, 'docs/index.md')}\n` };
    expect(await checkAll(tree)).toEqual([]);
  });

  it('reports a digest recorded for a folder, which no bytes can match', async () => {
    const tree = editText(
      exampleTree(),
      MANIFEST,
      '"path": "ops/k8s/install-matrix.json",\n      "sha256": "e90d20ad78f4eec49c2325298dd3f618fa1a023e81d891d16da40c6cccfa8c1f"',
      `"path": "ops/k8s",\n      "sha256": "${'0'.repeat(64)}"`,
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/sha256', 'folder', positionOf(tree, MANIFEST, '"ops/k8s"')),
    ]);
  });

  it('reports an evidence tarball that is a folder, once', async () => {
    const { 'ops/release/evidence/bundle.tar': _tarball, ...tree } = exampleTree();
    tree['ops/release/evidence/bundle.tar/member.txt'] = 'not a tarball\n';
    expect(await checkAll(tree)).toEqual([
      finding('atlas/contract-file', 'tarball', positionOf(tree, MANIFEST, '"ops/release/evidence/bundle.tar"')),
    ]);
  });
});
