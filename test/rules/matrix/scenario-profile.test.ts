import { describe, expect, it } from 'vitest';
import { editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MATRIX = 'ops/k8s/install-matrix.json';

describe('matrix/scenario-profile', () => {
  it('reports a scenario of an undeclared profile in the example, and nothing else', async () => {
    const tree = resealEvidence(
      editText(
        exampleTree(),
        MATRIX,
        '"name": "perf-install",\n      "kind": "install",\n      "profile": "perf"',
        '"name": "perf-install",\n      "kind": "install",\n      "profile": "perf-lab"',
      ),
    );
    expect(await checkAll(tree)).toEqual([
      finding('matrix/scenario-profile', 'unknown', positionOf(tree, MATRIX, '"profile": "perf-lab"', '"perf-lab"')),
    ]);
  });

  it('reports a misspelled scenario profile in the beacon repository, and nothing else', async () => {
    const tree = resealEvidence(
      editText(
        beaconTree(),
        MATRIX,
        '"kind": "install",\n      "profile": "edge-lite"',
        '"kind": "install",\n      "profile": "edge-light"',
      ),
      { tarball: 'ops/release/evidence/collected.tgz' },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'matrix/scenario-profile',
        'unknown',
        positionOf(tree, MATRIX, '"profile": "edge-light"', '"edge-light"'),
      ),
    ]);
  });
});
