import { describe, expect, it } from 'vitest';
import { editJson, editText, exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

// One defect at a time in two differently shaped repositories: the example (JSON contracts under
// `ops/observe/`, a plain rule file and a `PrometheusRule`) and beacon (contracts under `monitoring/`
// named by its config, one `.yml` stream of two `PrometheusRule` documents).

const MEASUREMENT = 'ops/observe/slo-measurement.json';
const SERVING = 'ops/observe/alerts/atlas-serving.yaml';
const PLATFORM = 'ops/observe/alerts/atlas-platform.yaml';
const CATALOG = 'ops/observe/alert-catalog.json';
const BEACON_RULES = 'monitoring/rules/beacon.yml';

describe('the observability contracts', () => {
  it('are clean in both repositories', async () => {
    expect(await checkAll(exampleTree())).toEqual([]);
    expect(await checkAll(beaconTree())).toEqual([]);
  });
});

describe('observe/promql-syntax', () => {
  it('places an error inside a JSON string with escapes in the example', async () => {
    const tree = editText(exampleTree(), MEASUREMENT, '{code!~\\"5..\\"}[5m])) /', '{code!~\\"5..\\"}[5m)) /');
    expect(await checkAll(tree)).toEqual([
      finding('observe/promql-syntax', 'syntax', positionOf(tree, MEASUREMENT, '[5m)) /', ')) /')),
    ]);
  });

  it('places an error inside a folded block scalar of the second document in beacon', async () => {
    const tree = editText(beaconTree(), BEACON_RULES, '            > 1.2', '            > > 1.2');
    expect(await checkAll(tree)).toEqual([
      finding('observe/promql-syntax', 'syntax', positionOf(tree, BEACON_RULES, '> > 1.2', '> 1.2')),
    ]);
  });

  it('reports a 100 KB expression once, at its place, and every other rule still runs', async () => {
    const huge = `sum(${'a + '.repeat(25_000)}a)`;
    const tree = editJson(exampleTree(), MEASUREMENT, (m) => {
      m.measurement_method['ingest-throughput'].promql = huge;
    });
    expect(await checkAll(tree)).toEqual([
      finding('observe/promql-syntax', 'tooLong', positionOf(tree, MEASUREMENT, `"${huge}"`)),
    ]);
  });
});

describe('observe/slo-measured', () => {
  it('reports an SLO without a measurement in the example', async () => {
    const tree = editJson(exampleTree(), MEASUREMENT, (m) => {
      delete m.measurement_method['ingest-throughput'];
    });
    expect(await checkAll(tree)).toEqual([
      finding(
        'observe/slo-measured',
        'unmeasured',
        positionOf(tree, 'ops/observe/slo-definitions.json', '{\n      "id": "ingest-throughput"', '{'),
      ),
    ]);
  });

  it('reports a measurement whose SLO was renamed in beacon', async () => {
    const tree = editText(beaconTree(), 'monitoring/slos.json', '"scoring-p95"', '"scoring-p99"');
    const findings = await checkAll(tree);
    expect(findings.map((f) => f.messageId)).toEqual(['orphan', 'unmeasured']);
    expect(findings[0]).toEqual(
      finding('observe/slo-measured', 'orphan', positionOf(tree, 'monitoring/slo-queries.json', '"scoring-p95"')),
    );
  });
});

describe('observe/alert-defined', () => {
  it('reports a catalogued alert that no rule file defines in the example', async () => {
    const tree = editText(exampleTree(), PLATFORM, 'alert: AtlasStoreDiskFilling', 'alert: AtlasStoreDiskFull');
    expect(await checkAll(tree)).toEqual([
      finding('observe/alert-defined', 'undefined', positionOf(tree, CATALOG, '{ "id": "AtlasStoreDiskFilling"', '{')),
      finding('observe/alert-defined', 'uncatalogued', positionOf(tree, PLATFORM, 'AtlasStoreDiskFull')),
    ]);
  });

  it('reports an alert of the second PrometheusRule document that the catalog lacks in beacon', async () => {
    const tree = editJson(beaconTree(), 'monitoring/alert-catalog.json', (c) => {
      c.alerts = c.alerts.filter((a: { id: string }) => a.id !== 'BeaconReplicaLag');
    });
    expect(await checkAll(tree)).toEqual([
      finding('observe/alert-defined', 'uncatalogued', positionOf(tree, BEACON_RULES, 'BeaconReplicaLag')),
    ]);
  });
});

describe('observe/alert-for', () => {
  it('reports a `for` that is not a duration in the example and in beacon', async () => {
    const example = editText(
      exampleTree(),
      SERVING,
      'for: 15m\n          labels:\n            severity: warn\n          annotations:\n            summary: p99',
      'for: 15 minutes\n          labels:\n            severity: warn\n          annotations:\n            summary: p99',
    );
    expect(await checkAll(example)).toEqual([
      finding('observe/alert-for', 'invalid', positionOf(example, SERVING, '15 minutes')),
    ]);
    const beacon = editText(beaconTree(), BEACON_RULES, 'for: 1h30m', 'for: 1.5h');
    expect(await checkAll(beacon)).toEqual([
      finding('observe/alert-for', 'invalid', positionOf(beacon, BEACON_RULES, '1.5h')),
    ]);
  });
});

describe('observe/rule-file', () => {
  it('reports a PrometheusRule with `spec` missing in the example, and the other rules still run', async () => {
    const tree = editText(exampleTree(), SERVING, 'spec:\n  groups:', 'specs:\n  groups:');
    const findings = await checkAll(tree);
    expect(findings.filter((f) => f.rule === 'observe/rule-file')).toEqual([
      finding('observe/rule-file', 'noSpec', positionOf(tree, SERVING, 'apiVersion')),
    ]);
    // Its four alerts are now defined nowhere Prometheus looks: the catalog check is held back, not wrong.
    expect(findings.filter((f) => f.rule !== 'observe/rule-file')).toEqual([]);
  });

  it('reports a rule file that is not YAML in beacon', async () => {
    const tree = editText(
      beaconTree(),
      BEACON_RULES,
      '      rules:\n        - alert: BeaconReplicaLag',
      '      rules:\n       - alert: BeaconReplicaLag',
    );
    const findings = await checkAll(tree);
    expect(findings.map((f) => [f.rule, f.messageId, f.file])).toEqual([['observe/rule-file', 'syntax', BEACON_RULES]]);
  });
});
