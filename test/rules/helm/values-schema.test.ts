import { describe, expect, it } from 'vitest';
import { editText, exampleTree, positionOf, resealEvidence } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const BEACON_SCHEMA = 'deploy/helm/beacon/values.schema.json';
const beaconSchema = (gpu: string, extra = '') =>
  `{\n  "type": "object",\n  "properties": {\n    "gpu": { "type": "object", "properties": { "count": ${gpu} } }${extra}\n  }\n}\n`;

describe('helm/values-schema', () => {
  it("reports a profile's log level outside the schema's enum at its YAML node in the example, and nothing else", async () => {
    const file = 'ops/k8s/values/perf.yaml';
    const tree = resealEvidence(editText(exampleTree(), file, 'logLevel: warn', 'logLevel: verbose'));
    expect(await checkAll(tree)).toEqual([finding('helm/values-schema', 'invalid', positionOf(tree, file, 'verbose'))]);
  });

  it('reports a chart default that two profiles keep once, at the chart default, in beacon', async () => {
    const tree = { ...beaconTree(), [BEACON_SCHEMA]: beaconSchema('{ "type": "integer", "maximum": 1 }') };
    expect(await checkAll(tree)).toEqual([
      finding('helm/values-schema', 'invalid', positionOf(tree, 'ops/k8s/values/gpu-batch.yaml', 'count: 2', '2')),
    ]);
  });

  it('stays quiet about a schema with a remote `$ref`, which is reported and never fetched, and the other rules run', async () => {
    const remote = beaconSchema('{ "$ref": "https://schemas.example.org/gpu-count.json" }');
    const tree = editText(
      { ...beaconTree(), [BEACON_SCHEMA]: remote },
      'ops/k8s/values/edge-lite.yaml',
      'replicaCount: 1',
      'replicaCount: 2',
    );
    const findings = await checkAll(tree);
    expect(findings.map((f) => [f.rule, f.file])).toEqual([
      ['schema/compile', BEACON_SCHEMA],
      ['rollout/values-conform', 'ops/k8s/values/edge-lite.yaml'],
    ]);
  });
});
