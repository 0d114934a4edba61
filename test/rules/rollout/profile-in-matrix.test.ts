import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const CONTRACT = 'ops/k8s/rollout-safety-contract.json';
const entry = (name: string) => (contract: { profiles: { name: string; suite: string }[] }) =>
  contract.profiles.find((p) => p.name === name)!;

describe('rollout/profile-in-matrix', () => {
  it('reports a contract suite that differs from the matrix in the example, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(exampleTree(), CONTRACT, (contract) => void (entry('multi-tenant')(contract).suite = 'nightly')),
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/profile-in-matrix',
        'suite',
        positionOf(tree, CONTRACT, '"name": "multi-tenant",\n      "suite": "nightly"', '"nightly"'),
      ),
    ]);
  });

  it('reports a contract suite that differs from the matrix in the beacon repository, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(beaconTree(), CONTRACT, (contract) => void (entry('gpu-batch')(contract).suite = 'install-gate')),
      { tarball: BEACON_TARBALL },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/profile-in-matrix',
        'suite',
        positionOf(tree, CONTRACT, '"name": "gpu-batch",\n      "suite": "install-gate"', '"install-gate"'),
      ),
    ]);
  });

  it('reports a contract entry for a profile the matrix does not have', async () => {
    const tree = editJson(beaconTree(), CONTRACT, (contract) => void (entry('edge-lite')(contract).name = 'edge-mini'));
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/profile-covered',
        'uncovered',
        positionOf(tree, 'ops/k8s/install-matrix.json', '"name": "edge-lite"', '"edge-lite"'),
      ),
      finding(
        'rollout/profile-in-matrix',
        'notInMatrix',
        positionOf(tree, CONTRACT, '"name": "edge-mini"', '"edge-mini"'),
      ),
    ]);
  });
});
