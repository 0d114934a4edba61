import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/config.js';
import { configJsonSchema, UserConfigSchema } from '../../src/config/config-schema.js';
import { runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editText, exampleTree, positionOf, withoutFiles } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { EXAMPLE_TODAY } from '../support/check-atlas.js';
import { RecordingSource } from '../support/recording-source.js';

describe('the `atlas` config section', () => {
  it('defaults to the ATLAS-SHAPES layout with the atlas preset, and keeps the Atlas rules off without it', () => {
    const atlas = resolveConfig({}, 'atlas').atlas;
    expect(atlas).toMatchObject({
      enabled: true,
      installMatrix: 'ops/k8s/install-matrix.json',
      chart: 'ops/k8s/charts/atlas',
      readinessThreshold: 100,
    });
    expect(atlas.evidenceTarball).toBeUndefined();
    expect(resolveConfig({}, 'none').atlas.enabled).toBe(false);
  });

  it('turns the Atlas rules on when written, overriding only the keys it sets', () => {
    const atlas = resolveConfig({ atlas: { chart: 'deploy/beacon', readinessThreshold: 90 } }, 'none').atlas;
    expect(atlas).toMatchObject({
      enabled: true,
      chart: 'deploy/beacon',
      readinessThreshold: 90,
      policy: 'ops/release/evidence/policy.json',
    });
  });

  it('rejects unknown keys and a threshold outside 0..100', () => {
    expect(UserConfigSchema.safeParse({ atlas: { chartDir: 'x' } }).success).toBe(false);
    expect(UserConfigSchema.safeParse({ atlas: { readinessThreshold: 101 } }).success).toBe(false);
    expect(UserConfigSchema.safeParse({ atlas: { scenarios: ['ops/e2e/**/*.json'] } }).success).toBe(true);
  });

  it('is in the generated JSON Schema of the config', () => {
    const schema = configJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.atlas!.properties!)).toEqual([
      'installMatrix',
      'rolloutContract',
      'chart',
      'scenarios',
      'versionCompatibility',
      'evidenceManifest',
      'evidenceTarball',
      'identity',
      'policy',
      'readinessScore',
      'readinessThreshold',
    ]);
  });

  it('names the config key of a configured file that is missing', async () => {
    const tree = withoutFiles(beaconTree(), 'ops/e2e/upgrade-paths/compatibility.json');
    const result = await runCheck({
      source: new MemorySource(tree),
      rules: allRules,
      now: EXAMPLE_TODAY,
      only: ['atlas/contract-file'],
    });
    const [missing] = result.report.diagnostics;
    expect(missing?.message).toBe(
      '`ops/e2e/upgrade-paths/compatibility.json` does not exist: add it, or set `atlas.versionCompatibility` to where it is',
    );
    expect(missing?.related).toEqual([
      expect.objectContaining({
        ...positionOf(
          tree,
          'surveyor.config.json',
          '"versionCompatibility": "ops/e2e/upgrade-paths/compatibility.json"',
          '"ops/',
        ),
      }),
    ]);
  });
});

describe('a run restricted to some files (pre-commit)', () => {
  it('shows a chart-default finding to the commit of the profile file that leaves the default in place', async () => {
    const profile = 'ops/k8s/values/prod-single-zone.yaml';
    const tree = editText(exampleTree(), profile, 'image:\n  tag: null\n', 'image:\n');
    const result = await runCheck({
      source: new MemorySource(tree),
      rules: allRules,
      now: EXAMPLE_TODAY,
      files: [profile],
    });
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, d.related?.map((r) => r.file)])).toEqual([
      ['rollout/values-conform', 'ops/k8s/charts/atlas/values.yaml', ['ops/k8s/rollout-safety-contract.json', profile]],
    ]);
  });

  it('shows a stale digest to the commit of the changed file, and hashes nothing else', async () => {
    const matrix = 'ops/k8s/install-matrix.json';
    const tree = editText(exampleTree(), matrix, '"schema_version": 1,', '"schema_version": 1 ,');
    const source = new RecordingSource(new MemorySource(tree));
    const result = await runCheck({ source, rules: allRules, now: EXAMPLE_TODAY, files: [matrix] });
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, d.related?.map((r) => r.file)])).toEqual([
      ['evidence/sha256', 'ops/release/evidence/manifest.json', [matrix]],
    ]);
    expect(source.accesses.filter((a) => a.op === 'stream' && a.file !== matrix)).toEqual([]);
  });
});
