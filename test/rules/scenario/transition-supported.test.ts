import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('scenario/transition-supported', () => {
  it('reports a scenario of a transition the table marks unsupported in the example, and nothing else', async () => {
    const table = 'ops/e2e/scenarios/upgrade/version-compatibility.json';
    const tree = resealEvidence(
      editJson(exampleTree(), table, (compatibility) => {
        compatibility.compatibility.find(
          (row: { from: string; to: string }) => row.from === '1.2.4' && row.to === '1.3.0',
        ).supported = false;
      }),
    );
    const scenario = 'ops/e2e/scenarios/upgrade/upgrade-minor-1-3.json';
    expect(await checkAll(tree)).toEqual([
      finding(
        'scenario/transition-supported',
        'unsupported',
        positionOf(tree, scenario, '"from_version": "1.2.4"', '"1.2.4"'),
      ),
    ]);
  });

  it('reports a scenario of a transition the table does not list in the beacon repository, and nothing else', async () => {
    const scenario = 'ops/e2e/upgrade-paths/hotfix-2-0-3.json';
    const tree = resealEvidence(
      editJson(beaconTree(), scenario, (s) => void (s.from_version = '2.0.1')),
      { tarball: BEACON_TARBALL },
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'scenario/transition-supported',
        'unlisted',
        positionOf(tree, scenario, '"from_version": "2.0.1"', '"2.0.1"'),
      ),
    ]);
  });
});
