import { describe, expect, it } from 'vitest';
import { editJson, editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('scenario/current-version', () => {
  it('reports a compatibility table behind the chart in the example, and nothing else', async () => {
    const table = 'ops/e2e/scenarios/upgrade/version-compatibility.json';
    const tree = resealEvidence(
      editJson(exampleTree(), table, (compatibility) => void (compatibility.current_version = '1.4.1')),
    );
    expect(await checkAll(tree)).toEqual([
      finding('scenario/current-version', 'mismatch', positionOf(tree, table, '"current_version": "1.4.1"', '"1.4.1"')),
    ]);
  });

  it('reports a chart bumped without the table in the beacon repository, and nothing else', async () => {
    const tree = editText(beaconTree(), 'deploy/helm/beacon/Chart.yaml', 'version: 2.1.0', 'version: 2.2.0');
    const table = 'ops/e2e/upgrade-paths/compatibility.json';
    expect(await checkAll(tree)).toEqual([
      finding('scenario/current-version', 'mismatch', positionOf(tree, table, '"current_version": "2.1.0"', '"2.1.0"')),
    ]);
  });
});
