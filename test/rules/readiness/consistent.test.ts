import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const SCORE = 'ops/report/generated/readiness-score.json';

describe('readiness/consistent', () => {
  it('reports a ready verdict with a failing input in the example, and nothing else', async () => {
    const tree = editJson(exampleTree(), SCORE, (score) => void (score.inputs.upgrade_e2e = 'fail'));
    expect(await checkAll(tree)).toEqual([
      finding('readiness/consistent', 'inputFailing', positionOf(tree, SCORE, '"upgrade_e2e": "fail"', '"fail"')),
    ]);
  });

  it('reports a ready verdict below the configured threshold of 90 in the beacon repository, and nothing else', async () => {
    const tree = editJson(beaconTree(), SCORE, (score) => void (score.score = 85));
    expect(await checkAll(tree)).toEqual([
      finding('readiness/consistent', 'scoreBelow', positionOf(tree, SCORE, '"status": "ready"', '"ready"')),
    ]);
    expect(await checkAll(editJson(beaconTree(), SCORE, (score) => void (score.score = 90)))).toEqual([]);
  });

  it('reports a `generated_from` that does not exist', async () => {
    const tree = editJson(
      beaconTree(),
      SCORE,
      (score) => void (score.generated_from = 'ops/release/evidence/manifest-v1.json'),
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'readiness/consistent',
        'generatedFrom',
        positionOf(tree, SCORE, '"ops/release/evidence/manifest-v1.json"'),
      ),
    ]);
  });
});
