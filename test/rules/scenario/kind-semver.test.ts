import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('scenario/kind-semver', () => {
  it('reports a patch declared as a minor upgrade in the example, and nothing else', async () => {
    const file = 'ops/e2e/scenarios/upgrade/upgrade-patch.json';
    const tree = editJson(exampleTree(), file, (scenario) => void (scenario.kind = 'minor'));
    expect(await checkAll(tree)).toEqual([
      finding('scenario/kind-semver', 'mismatch', positionOf(tree, file, '"kind": "minor"', '"minor"')),
    ]);
  });

  it('reports a major upgrade declared as minor in the beacon repository, and nothing else', async () => {
    const file = 'ops/e2e/upgrade-paths/major-1-to-2.json';
    const tree = editJson(beaconTree(), file, (scenario) => void (scenario.kind = 'minor'));
    expect(await checkAll(tree)).toEqual([
      finding('scenario/kind-semver', 'mismatch', positionOf(tree, file, '"kind": "minor"', '"minor"')),
    ]);
  });

  it('reports a version that is not semver on its own, at that version', async () => {
    const file = 'ops/e2e/upgrade-paths/hotfix-2-0-3.json';
    const tree = editJson(beaconTree(), file, (scenario) => void (scenario.to_version = '2.0.3-'));
    const found = await checkAll(tree);
    expect(found.filter((f) => f.rule === 'scenario/kind-semver')).toEqual([
      finding('scenario/kind-semver', 'notSemver', positionOf(tree, file, '"to_version": "2.0.3-"', '"2.0.3-"')),
    ]);
    // The transition is also one the compatibility table does not list.
    expect(found.map((f) => f.rule)).toEqual(['scenario/transition-supported', 'scenario/kind-semver']);
  });

  it('reports a rollback that goes up', async () => {
    const file = 'ops/e2e/scenarios/upgrade/upgrade-minor.json';
    const tree = editJson(exampleTree(), file, (scenario) => void (scenario.kind = 'rollback'));
    const found = await checkAll(tree);
    expect(found.filter((f) => f.rule === 'scenario/kind-semver')).toEqual([
      finding('scenario/kind-semver', 'mismatch', positionOf(tree, file, '"kind": "rollback"', '"rollback"')),
    ]);
  });
});
