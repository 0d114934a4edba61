import { describe, expect, it } from 'vitest';
import { editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

describe('atlas/contract-file', () => {
  it('reports a profile values file that is not YAML in the example, at the error, and nothing else', async () => {
    const file = 'ops/k8s/values/prod-ha.yaml';
    const tree = editText(
      exampleTree(),
      file,
      'hpa:\n  enabled: true',
      'hpa:\n  enabled: true\nhpa:\n  enabled: false',
    );
    expect(await checkAll(tree)).toEqual([
      finding('atlas/contract-file', 'yaml', positionOf(tree, file, 'true\nhpa:', 'hpa')),
    ]);
  });

  it('reports chart defaults that are a list in the beacon repository, and nothing else', async () => {
    const file = 'deploy/helm/beacon/values.yaml';
    const tree = resealEvidence(
      { ...beaconTree(), [file]: '- replicaCount: 2\n- image: {}\n' },
      { tarball: BEACON_TARBALL },
    );
    expect(await checkAll(tree)).toEqual([finding('atlas/contract-file', 'shape', { file, line: 1, column: 1 })]);
  });
});
