import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('scenario/rollback-steps', () => {
  it('reports a rollback that does not end by verifying the restored state in the example, and nothing else', async () => {
    const file = 'ops/e2e/scenarios/upgrade/rollback-patch.json';
    const tree = editJson(exampleTree(), file, (scenario) => void scenario.steps.pop());
    expect(await checkAll(tree)).toEqual([
      finding('scenario/rollback-steps', 'noFinalCheck', positionOf(tree, file, '"rollback"\n  ]', '"rollback"')),
    ]);
  });

  it('reports a rollback that ends with a cleanup step in the beacon repository, and nothing else', async () => {
    const file = 'ops/e2e/upgrade-paths/rollback-2-1-to-2-0.json';
    const tree = editJson(beaconTree(), file, (scenario) => void scenario.steps.push('delete-namespace'));
    expect(await checkAll(tree)).toEqual([
      finding('scenario/rollback-steps', 'noFinalCheck', positionOf(tree, file, '"delete-namespace"')),
    ]);
  });

  it('reports a rollback before the upgrade, and a rollback without a rollback step', async () => {
    const file = 'ops/e2e/upgrade-paths/rollback-2-1-to-2-0.json';
    let tree = editJson(beaconTree(), file, (scenario) => {
      scenario.steps = ['fresh-install', 'rollback', 'upgrade', 'verify-restored-data'];
    });
    expect(await checkAll(tree)).toEqual([
      finding(
        'scenario/rollback-steps',
        'rollbackFirst',
        positionOf(tree, file, '"rollback",\n    "upgrade"', '"rollback"'),
      ),
    ]);
    tree = editJson(beaconTree(), file, (scenario) => {
      scenario.steps = ['fresh-install', 'upgrade', 'verify-restored-data'];
    });
    expect(await checkAll(tree)).toEqual([
      finding('scenario/rollback-steps', 'noRollback', positionOf(tree, file, '"steps": [', '[')),
    ]);
  });
});
