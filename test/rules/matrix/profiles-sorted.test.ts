import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MATRIX = 'ops/k8s/install-matrix.json';

describe('matrix/profiles-sorted', () => {
  it('reports a profile out of order in the example, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(exampleTree(), MATRIX, (matrix) => {
        const [perf] = matrix.profiles.splice(3, 1);
        matrix.profiles.splice(4, 0, perf); // …, prod-ha, perf, prod-single-zone
      }),
    );
    expect(await checkAll(tree)).toEqual([
      finding('matrix/profiles-sorted', 'unsorted', positionOf(tree, MATRIX, '"name": "perf"', '"perf"')),
    ]);
  });

  it('reports a profile declared twice in the beacon repository, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(beaconTree(), MATRIX, (matrix) => {
        matrix.profiles.splice(2, 0, {
          name: 'gpu-batch',
          values_file: 'ops/k8s/values/gpu-batch.yaml',
          suite: 'k8s-suite',
        });
      }),
      { tarball: 'ops/release/evidence/collected.tgz' },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/profiles-sorted',
        'duplicate',
        positionOf(
          tree,
          MATRIX,
          '"name": "gpu-batch",\n      "values_file": "ops/k8s/values/gpu-batch.yaml",\n      "suite": "k8s-suite"',
          '"gpu-batch"',
        ),
      ),
    ]);
  });
});
