import { describe, expect, it } from 'vitest';
import { editJson, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const MANIFEST = 'ops/release/evidence/manifest.json';

describe('evidence/path', () => {
  it('reports a report path that is neither on disk nor in the tarball in the example, and nothing else', async () => {
    const tree = editJson(
      exampleTree(),
      MANIFEST,
      (manifest) => void manifest.reports.push('artifacts/reports/soak-summary.json'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"artifacts/reports/soak-summary.json"')),
    ]);
  });

  it('reports a log that is neither on disk nor in the gzipped tarball in the beacon repository, and nothing else', async () => {
    const tree = editJson(
      beaconTree(),
      MANIFEST,
      (manifest) => void manifest.logs.push('build/logs/upgrade-major.log'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"build/logs/upgrade-major.log"')),
    ]);
  });

  it('reports a `*_path` field that names a missing file', async () => {
    const tree = editJson(
      beaconTree(),
      MANIFEST,
      (manifest) => void (manifest.identity_path = 'ops/release/evidence/who.json'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"ops/release/evidence/who.json"')),
    ]);
  });
});
