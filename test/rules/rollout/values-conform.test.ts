import { describe, expect, it } from 'vitest';
import { editJson, editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const CHART_VALUES = 'ops/k8s/charts/atlas/values.yaml';
const BEACON_VALUES = 'deploy/helm/beacon/values.yaml';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';

describe('rollout/values-conform', () => {
  it('reports a forbidden tag that only the chart default sets, at the chart default, in the example', async () => {
    // prod-single-zone forbids `image.tag`; without its `tag: null` the chart's default tag applies.
    const tree = resealEvidence(
      editText(exampleTree(), 'ops/k8s/values/prod-single-zone.yaml', 'image:\n  tag: null\n', 'image:\n'),
    );
    expect(await checkAll(tree)).toEqual([
      finding('rollout/values-conform', 'forbiddenToggle', positionOf(tree, CHART_VALUES, '  tag: "1.4.0"', '"1.4.0"')),
    ]);
  });

  it('reports a network policy mode that only the chart default sets, at the chart default, in the beacon repository', async () => {
    // gpu-batch requires mode `strict` and takes the mode from the chart default.
    const tree = resealEvidence(editText(beaconTree(), BEACON_VALUES, '  mode: strict', '  mode: namespace'), {
      tarball: BEACON_TARBALL,
    });
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/values-conform',
        'networkMode',
        positionOf(tree, BEACON_VALUES, '  mode: namespace', 'namespace'),
      ),
    ]);
  });

  it('reports a required toggle that the profile file gets wrong, at the profile file', async () => {
    const file = 'ops/k8s/values/multi-tenant.yaml';
    const tree = editText(exampleTree(), file, '  maxReplicas: 8', '  maxReplicas: 10');
    expect(await checkAll(tree)).toEqual([
      finding('rollout/values-conform', 'requiredToggle', positionOf(tree, file, '  maxReplicas: 10', '10')),
    ]);
  });

  it('reports a value removed with `null` at the `null`', async () => {
    const file = 'ops/k8s/values/prod-ha.yaml';
    const tree = editText(exampleTree(), file, '  enabled: true\n  analysis:', '  enabled: null\n  analysis:');
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/values-conform',
        'rolloutRequired',
        positionOf(tree, file, '  enabled: null\n  analysis:', 'null'),
      ),
    ]);
  });

  it('reports a rollout mode that the effective values contradict, and an HPA policy', async () => {
    let tree = resealEvidence(
      editJson(exampleTree(), CONTRACT, (contract) => {
        const perf = contract.profiles.find((p: { name: string }) => p.name === 'perf');
        perf.rollout_mode = 'rollout';
        perf.hpaPolicyRequired = 'enabled';
      }),
    );
    expect(await checkAll(tree)).toEqual([
      finding(
        'rollout/values-conform',
        'rolloutRequired',
        positionOf(tree, CHART_VALUES, 'rollout:\n  enabled: false', 'false'),
      ),
      finding('rollout/values-conform', 'hpa', positionOf(tree, CHART_VALUES, 'hpa:\n  enabled: false', 'false')),
    ]);
    tree = editText(
      tree,
      'ops/k8s/values/perf.yaml',
      'replicaCount: 4\n',
      'replicaCount: 4\nrollout:\n  enabled: true\nhpa:\n  enabled: true\n',
    );
    expect(await checkAll(tree)).toEqual([]);
  });

  it('reads merge keys as Helm does: a forbidden tag set through `<<: *anchor` or `<<: [*a, *b]` is reported at the anchor', async () => {
    const file = 'ops/k8s/values/prod-single-zone.yaml';
    const anchored = resealEvidence(
      editText(
        exampleTree(),
        file,
        'replicaCount: 2\n\nimage:\n  tag: null\n',
        'replicaCount: 2\n\nx-pinned: &pinned\n  tag: "1.4.1"\n\nimage:\n  <<: *pinned\n',
      ),
    );
    expect(await checkAll(anchored)).toEqual([
      finding('rollout/values-conform', 'forbiddenToggle', positionOf(anchored, file, '  tag: "1.4.1"', '"1.4.1"')),
    ]);
    const listed = resealEvidence(
      editText(
        exampleTree(),
        file,
        'replicaCount: 2\n\nimage:\n  tag: null\n',
        'replicaCount: 2\n\nx-a: &a\n  pullPolicy: IfNotPresent\nx-b: &b\n  tag: "1.4.1"\n\nimage:\n  <<: [*a, *b]\n',
      ),
    );
    expect(await checkAll(listed)).toEqual([
      finding('rollout/values-conform', 'forbiddenToggle', positionOf(listed, file, '  tag: "1.4.1"', '"1.4.1"')),
    ]);
  });
});
