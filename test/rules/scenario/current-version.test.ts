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

  it('reports a chart bumped without the table in the beacon repository, beside what the new release lacks', async () => {
    const chart = 'deploy/helm/beacon/Chart.yaml';
    const tree = editText(beaconTree(), chart, 'version: 2.1.0', 'version: 2.2.0');
    const table = 'ops/e2e/upgrade-paths/compatibility.json';
    const tablePaths = positionOf(tree, table, '"compatibility": [', '[');
    // The chart's version is the release under evaluation, so the release-aware rules speak too:
    // appVersion and the evidence still say 2.1.0, and no path reaches 2.2.0 for either release profile.
    expect(await checkAll(tree)).toEqual([
      finding('identity/release', 'appVersion', positionOf(tree, chart, 'appVersion: "2.1.0"', '"2.1.0"')),
      finding('scenario/current-version', 'mismatch', positionOf(tree, table, '"current_version": "2.1.0"', '"2.1.0"')),
      finding('scenario/release-paths', 'missing', tablePaths),
      finding('scenario/release-paths', 'missing', tablePaths),
      finding(
        'identity/release',
        'releaseId',
        positionOf(tree, 'ops/release/evidence/identity.json', '"release_id": "beacon-2.1.0"', '"beacon-2.1.0"'),
      ),
    ]);
  });
});
