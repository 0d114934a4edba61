import { describe, expect, it } from 'vitest';
import { editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';
import { appendMembers, paxHeader, rawMember } from '../../support/raw-tar.js';

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

  const TARBALL = 'ops/release/evidence/bundle.tar';
  const MANIFEST = 'ops/release/evidence/manifest.json';

  it.each([
    ['named `../x`', [rawMember('../x', 'x')]],
    ['named `/etc/x`', [rawMember('/etc/x', 'x')]],
    ['renamed by a pax `path=../..`', [paxHeader({ path: '../../x' }), rawMember('x', 'x')]],
  ])('reports a tarball member %s, at the manifest entry naming the tarball', async (_name, members) => {
    const tree = resealEvidence({
      ...exampleTree(),
      [TARBALL]: appendMembers(exampleTree()[TARBALL] as Uint8Array, ...members),
    });
    expect(await checkAll(tree)).toEqual([
      finding('atlas/contract-file', 'tarballMember', positionOf(tree, MANIFEST, `"${TARBALL}"`)),
    ]);
  });

  it('reads a hard-link member as present, holding the bytes it links to', async () => {
    const report = 'artifacts/reports/upgrade-e2e-junit.xml';
    let tree = editText(
      exampleTree(),
      MANIFEST,
      '"artifacts/datasets/catalog-sample.ndjson"',
      '"artifacts/datasets/catalog-sample.ndjson",\n    "artifacts/reports/upgrade-e2e-copy.xml"',
    );
    tree = resealEvidence({
      ...tree,
      [TARBALL]: appendMembers(
        tree[TARBALL] as Uint8Array,
        rawMember('artifacts/reports/upgrade-e2e-copy.xml', '', '1', report),
      ),
    });
    expect(await checkAll(tree)).toEqual([]);
  });
});
