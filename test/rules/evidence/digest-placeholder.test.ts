import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MANIFEST = 'ops/release/evidence/manifest.json';

describe('evidence/digest-placeholder', () => {
  it('reports an all-zero image digest in the example, and nothing else', async () => {
    const zeros = `sha256:${'0'.repeat(64)}`;
    const tree = editJson(exampleTree(), MANIFEST, (manifest) => void (manifest.image_artifacts[1].digest = zeros));
    expect(await checkAll(tree)).toEqual([
      finding('evidence/digest-placeholder', 'placeholder', positionOf(tree, MANIFEST, `"${zeros}"`)),
    ]);
  });

  it('reports a repeated-digit digest under another group name in the beacon repository, and nothing else', async () => {
    const repeated = `sha256:${'a'.repeat(64)}`;
    const tree = editJson(beaconTree(), MANIFEST, (manifest) => void (manifest.container_images[0].digest = repeated));
    expect(await checkAll(tree)).toEqual([
      finding('evidence/digest-placeholder', 'placeholder', positionOf(tree, MANIFEST, `"${repeated}"`)),
    ]);
  });

  it('reports a digest without its algorithm', async () => {
    const bare = '7d3a9c1e5b2f4086a1c3e5d7f9b2a4c6e8d0f1a3b5c7d9e2f4a6b8c0d1e3f5a7';
    const tree = editJson(beaconTree(), MANIFEST, (manifest) => void (manifest.container_images[1].digest = bare));
    expect(await checkAll(tree)).toEqual([
      finding('evidence/digest-placeholder', 'format', positionOf(tree, MANIFEST, `"${bare}"`)),
    ]);
  });
});
