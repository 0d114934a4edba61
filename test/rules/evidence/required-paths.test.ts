import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const POLICY = 'ops/release/evidence/policy.json';

describe('evidence/required-paths', () => {
  it('reports a required file that does not exist in the example, and nothing else', async () => {
    const tree = editJson(
      exampleTree(),
      POLICY,
      (policy) => void policy.required_paths.push('ops/release/evidence/sbom-index.json'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/required-paths', 'missing', positionOf(tree, POLICY, '"ops/release/evidence/sbom-index.json"')),
    ]);
  });

  it('reports a required build output missing from the tarball in the beacon repository, and nothing else', async () => {
    const tree = editJson(beaconTree(), POLICY, (policy) => void policy.required_paths.push('build/logs/rollback.log'));
    expect(await checkAll(tree)).toEqual([
      finding('evidence/required-paths', 'missing', positionOf(tree, POLICY, '"build/logs/rollback.log"')),
    ]);
  });
});
