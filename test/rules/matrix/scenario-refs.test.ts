import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MATRIX = 'ops/k8s/install-matrix.json';

describe('matrix/scenario-refs', () => {
  it('reports a rollback that repeats its upgrade instead of reversing it in the example, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(exampleTree(), MATRIX, (matrix) => {
        const rollback = matrix.scenarios.find((s: { name: string }) => s.name === 'prod-ha-rollback');
        rollback.baseline_ref = 'chart-previous';
        rollback.target_ref = 'workspace-head';
      }),
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/scenario-refs',
        'notMirrored',
        positionOf(
          tree,
          MATRIX,
          '"name": "prod-ha-rollback",\n      "kind": "rollback",\n      "profile": "prod-ha",\n      "suite": "install-gate",\n      "baseline_ref": "chart-previous"',
          '"chart-previous"',
        ),
      ),
    ]);
  });

  it('reports a rollback that ends elsewhere than its upgrade started in the beacon repository, and nothing else', async () => {
    const tree = resealEvidence(
      editJson(beaconTree(), MATRIX, (matrix) => {
        matrix.scenarios.find((s: { name: string }) => s.name === 'gpu-batch-rollback').target_ref = 'release-1.9';
      }),
      { tarball: 'ops/release/evidence/collected.tgz' },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/scenario-refs',
        'notMirrored',
        positionOf(
          tree,
          MATRIX,
          '"name": "gpu-batch-rollback",\n      "kind": "rollback",\n      "profile": "gpu-batch",\n      "suite": "nightly",\n      "baseline_ref": "candidate"',
          '"candidate"',
        ),
      ),
    ]);
  });

  it('reports each missing ref once, and no mirror finding for the rollback of an incomplete upgrade', async () => {
    const tree = resealEvidence(
      editJson(beaconTree(), MATRIX, (matrix) => {
        delete matrix.scenarios.find((s: { name: string }) => s.name === 'gpu-batch-upgrade').target_ref;
      }),
      { tarball: 'ops/release/evidence/collected.tgz' },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/scenario-refs',
        'missingRef',
        positionOf(tree, MATRIX, '{\n      "name": "gpu-batch-upgrade"', '{'),
      ),
    ]);
  });
});
