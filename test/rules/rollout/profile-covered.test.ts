import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MATRIX = 'ops/k8s/install-matrix.json';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';
const drop = (name: string) => (contract: { profiles: { name: string }[] }) => {
  contract.profiles = contract.profiles.filter((p) => p.name !== name);
};

describe('rollout/profile-covered', () => {
  it('warns about a matrix profile without a contract entry in the example, and nothing else', async () => {
    const tree = resealEvidence(editJson(exampleTree(), CONTRACT, drop('ci-minimal')));
    expect(await checkAll(tree)).toEqual([
      finding('rollout/profile-covered', 'uncovered', positionOf(tree, MATRIX, '"name": "ci-minimal"', '"ci-minimal"')),
    ]);
  });

  it('warns about a matrix profile without a contract entry in the beacon repository, and nothing else', async () => {
    const tree = resealEvidence(editJson(beaconTree(), CONTRACT, drop('edge-lite')), { tarball: BEACON_TARBALL });
    expect(await checkAll(tree)).toEqual([
      finding('rollout/profile-covered', 'uncovered', positionOf(tree, MATRIX, '"name": "edge-lite"', '"edge-lite"')),
    ]);
  });
});
