import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('scenario/id-filename', () => {
  it('reports a scenario id that differs from its file name in the example, and nothing else', async () => {
    const file = 'ops/e2e/scenarios/upgrade/upgrade-patch.json';
    const tree = editJson(exampleTree(), file, (scenario) => void (scenario.id = 'upgrade-patch-1-3'));
    expect(await checkAll(tree)).toEqual([
      finding(
        'scenario/id-filename',
        'mismatch',
        positionOf(tree, file, '"id": "upgrade-patch-1-3"', '"upgrade-patch-1-3"'),
      ),
    ]);
  });

  it('reports a scenario id that differs from its file name in the beacon repository, and nothing else', async () => {
    const file = 'ops/e2e/upgrade-paths/hotfix-2-0-3.json';
    const tree = editJson(beaconTree(), file, (scenario) => void (scenario.id = 'hotfix'));
    expect(await checkAll(tree)).toEqual([
      finding('scenario/id-filename', 'mismatch', positionOf(tree, file, '"id": "hotfix"', '"hotfix"')),
    ]);
  });
});
