import { describe, expect, it } from 'vitest';
import { ObserveContracts, sloDirection } from '../../src/atlas/observe-contracts.js';
import { resolveConfig } from '../../src/config/config.js';
import { locatePlace } from '../../src/engine/locate.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { exampleTree, type Tree } from '../support/atlas-tree.js';

function contractsOf(tree: Tree): ObserveContracts {
  const workspace = new Workspace(new MemorySource(tree));
  return new ObserveContracts(workspace, resolveConfig({}, 'none').observe);
}

describe('the observability contracts', () => {
  it('read the example: SLOs, one measurement each, the metric map, the catalog and both rule files', () => {
    const observe = contractsOf(exampleTree());
    const slos = observe.sloDefinitions!.slos;
    expect(slos.map((s) => [s.id, s.objective, s.unit, sloDirection(s)])).toEqual([
      ['query-availability', 99.9, 'percent', 'floor'],
      ['query-latency-p99', 0.5, 'seconds', 'ceiling'],
      ['ingest-error-ratio', 0.001, 'ratio', 'ceiling'],
      ['ingest-throughput', 200, 'records_per_second', 'floor'],
    ]);
    for (const slo of slos) expect(observe.measurementOf(slo.id)?.promql?.value).toMatch(/\S/);
    expect(observe.sloMetricMap!.entries.map((e) => e.sloId)).toEqual(slos.map((s) => s.id));
    expect(observe.alertCatalog!.alerts).toHaveLength(7);
    expect(observe.alertRuleFiles.map((f) => [f.file, f.documents.map((d) => d.form), f.problems])).toEqual([
      ['ops/observe/alerts/atlas-platform.yaml', ['rule-file'], []],
      ['ops/observe/alerts/atlas-serving.yaml', ['PrometheusRule'], []],
    ]);
    expect(observe.alertingRules.map((r) => [r.alert.value, r.severity, r.for?.value])).toEqual([
      ['AtlasPodsNotReady', 'page', '5m'],
      ['AtlasCacheWarmupSlow', 'warn', '0s'],
      ['AtlasStoreDiskFilling', 'warn', '1h'],
      ['AtlasQueryAvailabilityBurn', 'page', '10m'],
      ['AtlasQueryLatencyHigh', 'warn', '15m'],
      ['AtlasIngestRejectionsHigh', 'warn', '15m'],
      ['AtlasIngestStalled', 'page', '5m'],
    ]);
  });

  it('place the rules of every document of a multi-document rule file', () => {
    const file = 'ops/observe/alerts/two.yaml';
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'spec:',
      '  groups: [{ name: a, rules: [{ alert: First, expr: up == 0 }] }]',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: broken }',
      '---',
      'groups:',
      '  - name: b',
      '    rules:',
      '      - alert: Second',
      '        expr: up == 0',
      '',
    ].join('\n');
    const workspace = new Workspace(new MemorySource({ [file]: text }));
    const observe = new ObserveContracts(workspace, resolveConfig({}, 'none').observe);
    const [ruleFile] = observe.alertRuleFiles;
    expect(ruleFile!.documents.map((d) => d.form)).toEqual(['PrometheusRule', 'rule-file']);
    expect(ruleFile!.problems.map((p) => [p.kind, locatePlace(workspace, p.place).start])).toEqual([
      ['noSpec', { line: 6, column: 1 }],
    ]);
    const second = observe.alertingRules[1]!;
    expect(locatePlace(workspace, second.alert.place).start).toEqual({ line: 13, column: 16 });
  });

  it('read nothing from files that are absent or not objects', () => {
    const observe = contractsOf({ 'ops/observe/slo-definitions.json': '[1, 2]' });
    expect(observe.sloDefinitions).toBeUndefined();
    expect(observe.sloMeasurements).toBeUndefined();
    expect(observe.alertCatalog).toBeUndefined();
    expect(observe.alertRuleFiles).toEqual([]);
  });
});
