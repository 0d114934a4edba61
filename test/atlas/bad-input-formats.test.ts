import { describe, expect, it } from 'vitest';
import { editJson, editText, exampleTree, positionOf, resealEvidence, type Tree } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { type AtlasFinding, checkAll, finding } from '../support/check-atlas.js';
import { checkTree } from '../support/check-tree.js';

// The bad input of issue 11 (a YAML bomb, a TOML syntax error, a PrometheusRule without `spec`, a
// 100 KB PromQL expression, a values schema with a remote `$ref`), each in both differently shaped
// repositories: one clear finding at its place, and every other rule still runs, shown by an
// unrelated defect (a scenario whose id differs from its file name) that each case keeps.

const EXAMPLE_SCENARIO = 'ops/e2e/scenarios/upgrade/upgrade-patch.json';
const BEACON_SCENARIO = 'ops/e2e/upgrade-paths/hotfix-2-0-3.json';

/** A tree with the unrelated defect, and the finding it must still give. */
function withSentinel(tree: Tree, scenario: string): { tree: Tree; sentinel: (tree: Tree) => AtlasFinding } {
  return {
    tree: editJson(tree, scenario, (value) => void (value.id = 'renamed')),
    sentinel: (edited) => finding('scenario/id-filename', 'mismatch', positionOf(edited, scenario, '"renamed"')),
  };
}
const example = () => {
  const { tree, sentinel } = withSentinel(exampleTree(), EXAMPLE_SCENARIO);
  return { tree: resealEvidence(tree), sentinel };
};
const beacon = () => withSentinel(beaconTree(), BEACON_SCENARIO);
const sorted = (findings: AtlasFinding[]) =>
  [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));

/** Ten aliases of ten aliases, twelve levels deep: 10^12 nodes once expanded. */
function yamlBomb(key: string): string {
  let text = `${key}0: &${key}0 [x, x, x, x, x, x, x, x, x, x]\n`;
  for (let level = 1; level <= 12; level++)
    text += `${key}${level}: &${key}${level} [${Array.from({ length: 10 }, () => `*${key}${level - 1}`).join(', ')}]\n`;
  return text;
}

describe('a YAML bomb', () => {
  it('in an alert rule file of the example is one finding at its first alias', async () => {
    const { tree: base, sentinel } = example();
    const file = 'ops/observe/alerts/atlas-platform.yaml';
    const tree = { ...base, [file]: `${base[file] as string}${yamlBomb('bomb')}` };
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([
        finding('observe/rule-file', 'syntax', positionOf(tree, file, 'bomb1: &bomb1 [*bomb0', '*bomb0')),
        sentinel(tree),
      ]),
    );
  });

  it("in beacon's mapped YAML instance is one finding at its first alias", async () => {
    const { tree: base, sentinel } = beacon();
    const tree = {
      ...base,
      'configs/pins.yaml': `# yaml-language-server: $schema=../schemas/pins.schema.json\n${yamlBomb('pin')}`,
      'schemas/pins.schema.json': '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n',
    };
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([
        finding('schema/valid', 'syntax', positionOf(tree, 'configs/pins.yaml', 'pin1: &pin1 [*pin0', '*pin0')),
        sentinel(tree),
      ]),
    );
  });
});

describe('a YAML bomb in a profile values file', () => {
  it('of beacon is one finding at its first alias', async () => {
    const { tree: base, sentinel } = beacon();
    const file = 'ops/k8s/values/regional-primary.yaml';
    const tree = { ...base, [file]: `${base[file] as string}${yamlBomb('v')}` };
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([finding('atlas/contract-file', 'yaml', positionOf(tree, file, 'v1: &v1 [*v0', '*v0')), sentinel(tree)]),
    );
  });
});

describe('a TOML file with a syntax error', () => {
  const toml = (line: string) => `"$schema" = "schemas/tools.schema.json"\n\n[tools.helm]\n${line}\n`;
  const schema = '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n';

  it('is one finding at the error, in the example and in beacon', async () => {
    for (const { tree: base, sentinel } of [example(), beacon()]) {
      const tree = { ...base, 'tools.toml': toml('version = = "3.16.2"'), 'schemas/tools.schema.json': schema };
      expect(sorted(await checkAll(tree))).toEqual(
        sorted([
          finding('schema/valid', 'syntax', positionOf(tree, 'tools.toml', '= = "3.16.2"', '= "3.16.2"')),
          sentinel(tree),
        ]),
      );
    }
  });
});

describe('a PrometheusRule with `spec` missing', () => {
  it('is one finding at the resource, in the example and in beacon', async () => {
    const cases = [
      {
        ...example(),
        file: 'ops/observe/alerts/atlas-serving.yaml',
        resource: 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: atlas-serving',
      },
      {
        ...beacon(),
        file: 'monitoring/rules/beacon.yml',
        resource: 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: beacon-api }',
      },
    ];
    for (const { tree: base, sentinel, file, resource } of cases) {
      // The first resource's `spec` misspelt: it has none.
      const tree = { ...base, [file]: (base[file] as string).replace('\nspec:\n', '\nspecs:\n') };
      const findings = await checkAll(tree);
      expect(findings.filter((f) => f.rule === 'observe/rule-file')).toEqual([
        finding('observe/rule-file', 'noSpec', positionOf(tree, file, resource, 'apiVersion')),
      ]);
      // Its alerts are now defined nowhere Prometheus looks: the catalog check is held back for that file.
      expect(findings.filter((f) => f.rule !== 'observe/rule-file')).toEqual([sentinel(tree)]);
    }
  });
});

describe('a PromQL expression of 100 KB', () => {
  const huge = `sum(${'a + '.repeat(25_000)}a)`;

  it('is one finding at its place, in the example and in beacon', async () => {
    const { tree: exampleBase, sentinel: exampleSentinel } = example();
    const measurement = 'ops/observe/slo-measurement.json';
    const inExample = editJson(exampleBase, measurement, (m) => {
      m.measurement_method['ingest-throughput'].promql = huge;
    });
    expect(sorted(await checkAll(inExample))).toEqual(
      sorted([
        finding('observe/promql-syntax', 'tooLong', positionOf(inExample, measurement, `"${huge}"`)),
        exampleSentinel(inExample),
      ]),
    );
    const { tree: beaconBase, sentinel: beaconSentinel } = beacon();
    const rules = 'monitoring/rules/beacon.yml';
    const inBeacon = editText(beaconBase, rules, 'expr: max(beacon_replica_lag_seconds) > 30', `expr: ${huge}`);
    expect(sorted(await checkAll(inBeacon))).toEqual(
      sorted([
        finding('observe/promql-syntax', 'tooLong', positionOf(inBeacon, rules, huge)),
        beaconSentinel(inBeacon),
      ]),
    );
  });
});

describe('a values schema with a remote `$ref`', () => {
  it('is reported at the `$ref` and never fetched, in the example and in beacon', async () => {
    const cases = [
      { ...example(), schema: 'ops/k8s/charts/atlas/values.schema.json' },
      { ...beacon(), schema: 'deploy/helm/beacon/values.schema.json' },
    ];
    for (const { tree: base, sentinel, schema } of cases) {
      // Beacon's chart ships no values schema: it gets one holding only the remote reference.
      const text =
        (base[schema] as string | undefined) ?? '{\n  "type": "object",\n  "properties": {\n    "gpu": {}\n  }\n}\n';
      const tree = {
        ...base,
        [schema]: text.replace(
          '"properties": {',
          '"properties": {\n    "extra": { "$ref": "https://schemas.example.org/extra.json" },',
        ),
      };
      expect(sorted(await checkAll(tree))).toEqual(
        sorted([
          finding('schema/compile', 'problem', positionOf(tree, schema, '"https://schemas.example.org/extra.json"')),
          sentinel(tree),
        ]),
      );
      const [problem] = await checkTree(tree, { only: ['schema/compile'] });
      expect(problem?.message).toMatch(/`https:\/\/schemas\.example\.org\/extra\.json`.*remote.*never fetched/i);
    }
  });
});
