import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MANIFEST = 'ops/release/evidence/manifest.json';

describe('evidence/profile-coverage', () => {
  it('reports an SBOM of a profile the matrix does not have in the example, and nothing else', async () => {
    const tree = editJson(exampleTree(), MANIFEST, (manifest) => void (manifest.sboms[0].profile = 'prod-singlezone'));
    expect(await checkAll(tree)).toEqual([
      finding('evidence/profile-coverage', 'unknown', positionOf(tree, MANIFEST, '"prod-singlezone"')),
    ]);
  });

  it('reports a nested attestation of a profile the matrix does not have in the beacon repository, and nothing else', async () => {
    const tree = editJson(
      beaconTree(),
      MANIFEST,
      (manifest) => void (manifest.compliance.attestations[1].profile = 'gpu-batch-v2'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/profile-coverage', 'unknown', positionOf(tree, MANIFEST, '"gpu-batch-v2"')),
    ]);
  });
});
