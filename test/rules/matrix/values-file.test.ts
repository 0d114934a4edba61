import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence, withoutFiles } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MATRIX = 'ops/k8s/install-matrix.json';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';

describe('matrix/values-file', () => {
  it('reports a profile whose values file does not exist in the example, and nothing else', async () => {
    const renamed = 'ops/k8s/values/perf-nightly.yaml';
    let tree = editJson(exampleTree(), MATRIX, (matrix) => {
      matrix.profiles.find((p: { name: string }) => p.name === 'perf').values_file = renamed;
    });
    tree = resealEvidence(
      editJson(tree, CONTRACT, (contract) => {
        contract.profiles.find((p: { name: string }) => p.name === 'perf').values_file = renamed;
      }),
    );
    expect(await checkAll(tree)).toEqual([
      finding('matrix/values-file', 'missing', positionOf(tree, MATRIX, `"values_file": "${renamed}"`, `"${renamed}"`)),
    ]);
  });

  it('reports a values file that was deleted in the beacon repository, and nothing else', async () => {
    const tree = withoutFiles(beaconTree(), 'ops/k8s/values/edge-lite.yaml');
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/values-file',
        'missing',
        positionOf(tree, MATRIX, '"values_file": "ops/k8s/values/edge-lite.yaml"', '"ops/k8s/values/edge-lite.yaml"'),
      ),
    ]);
  });
});
