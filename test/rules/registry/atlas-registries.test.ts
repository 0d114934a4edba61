import { describe, expect, it } from 'vitest';
import { openSession } from '../../../src/engine/run.js';
import { MemorySource } from '../../../src/workspace/file-source.js';
import { editJson, editText, exampleTree, positionOf, type Tree } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';
import { checkTree } from '../../support/check-tree.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const LOCK = 'ops/schema/generated/compatibility-lock.json';
const MATRIX_EXAMPLE = 'ops/schema/examples/install-matrix.example.yaml';

/** The example with one more compatibility-lock target, mapping a YAML example to the install-matrix schema. */
function exampleWithLock(suite: string): Tree {
  return {
    ...editJson(exampleTree(), LOCK, (lock) => {
      lock.targets.push({
        schema_path: 'ops/schema/k8s/install-matrix.schema.json',
        example_path: MATRIX_EXAMPLE,
        compatibility: 'full',
      });
    }),
    [MATRIX_EXAMPLE]: `schema_version: 1\nprofiles:\n  - name: demo\n    values_file: ops/k8s/values/demo.yaml\n    suite: ${suite}\nscenarios: []\n`,
  };
}

const REGISTRY = 'configs/edge/manifests-registry.json';
const manifestSchema = (id: string) =>
  json({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    type: 'object',
    required: ['name', 'replicas'],
    properties: { name: { type: 'string' }, replicas: { type: 'integer', minimum: 1 } },
  });

/** Beacon with a manifests registry: one item by schema path, one by a `$id` it has, and what `extra` adds. */
function beaconWithRegistry(replicas: string, extra: object[] = []): Tree {
  return {
    ...beaconTree(),
    [REGISTRY]: json({
      entries: [
        { path: 'configs/edge/gateway.json', schema_path: 'configs/schemas/manifest.schema.json' },
        { path: 'configs/edge/worker.yaml', schema_ref: 'https://beacon.example/schemas/worker-v1.json' },
        ...extra,
      ],
    }),
    'configs/schemas/manifest.schema.json': manifestSchema('configs/schemas/manifest.schema.json'),
    'configs/schemas/worker.schema.json': manifestSchema('https://beacon.example/schemas/worker-v1.json'),
    'configs/edge/gateway.json': json({ name: 'gateway', replicas: 2 }),
    'configs/edge/worker.yaml': `name: worker\nreplicas: ${replicas}\n`,
  };
}

describe('the registries of an Atlas repository, with no configuration', () => {
  it('reads the atlas preset registries', async () => {
    const { config } = await openSession({ source: new MemorySource(exampleTree()) });
    expect(config.schemas.registries.map((r) => r.file)).toEqual([
      'ops/inventory/contracts-map.json',
      LOCK,
      'configs/**/manifests-registry.json',
    ]);
  });

  it("validates the example's runtime configs through its manifests registry, by path and by `$id`", async () => {
    const flags = 'configs/atlas/feature-flags.yaml';
    const server = 'configs/atlas/server.json';
    const tree = editText(
      editText(exampleTree(), flags, '    enabled: false', '    enabled: "no"'),
      server,
      '"port": 8080',
      '"port": 80800',
    );
    expect(await checkAll(tree)).toEqual([
      finding('schema/valid', 'invalid', positionOf(tree, flags, '"no"')),
      finding('schema/valid', 'invalid', positionOf(tree, server, '80800')),
    ]);
  });

  it('validates each compatibility-lock target example against its schema, at the YAML node (the example)', async () => {
    const schemaFindings = async (tree: Tree) =>
      (await checkAll(tree)).filter((f) => f.rule.startsWith('schema/') || f.rule.startsWith('registry/'));
    expect(await schemaFindings(exampleWithLock('nightly'))).toEqual([]);
    const broken = exampleWithLock('smoke');
    expect(await schemaFindings(broken)).toEqual([
      finding('schema/valid', 'invalid', positionOf(broken, MATRIX_EXAMPLE, 'suite: smoke', 'smoke')),
    ]);
  });

  it('reports a lock target whose example is missing, and a lock of another shape, at their places', async () => {
    const tree = exampleWithLock('nightly');
    const missing = {
      ...tree,
      [LOCK]: (tree[LOCK] as string).replace(MATRIX_EXAMPLE, 'ops/schema/examples/gone.yaml'),
    };
    expect((await checkAll(missing)).filter((f) => f.rule.startsWith('registry/'))).toEqual([
      finding('registry/path-exists', 'missing', positionOf(missing, LOCK, '"ops/schema/examples/gone.yaml"')),
    ]);
    const reshaped = { ...tree, [LOCK]: json({ schema_version: 1, locks: [] }) };
    expect((await checkAll(reshaped)).filter((f) => f.rule.startsWith('registry/'))).toEqual([
      finding('registry/path-exists', 'shape', { file: LOCK, line: 1, column: 1 }),
    ]);
  });

  it('validates manifests-registry items by schema path and by `$id`, at the node (beacon)', async () => {
    expect(await checkAll(beaconWithRegistry('3'))).toEqual([]);
    const broken = beaconWithRegistry('0');
    expect(await checkAll(broken)).toEqual([
      finding('schema/valid', 'invalid', positionOf(broken, 'configs/edge/worker.yaml', 'replicas: 0', '0')),
    ]);
    const gateway = { ...beaconWithRegistry('3'), 'configs/edge/gateway.json': json({ name: 'gateway' }) };
    expect(await checkAll(gateway)).toEqual([
      finding('schema/valid', 'invalid', { file: 'configs/edge/gateway.json', line: 1, column: 1 }),
    ]);
  });

  it('resolves a repo-relative `$id` and counts an unknown one in one info, in the example', async () => {
    const registry = 'configs/staging/manifests-registry.json';
    const scenario = 'configs/staging/upgrade-canary.json';
    const tree = (id: string, steps: string) => ({
      ...exampleTree(),
      [registry]: json({ entries: [{ path: scenario, schema_ref: id }] }),
      [scenario]: json({
        schema_version: 1,
        id: 'upgrade-canary',
        from_version: '1.3.2',
        to_version: '1.4.0',
        kind: 'minor',
        steps: JSON.parse(steps),
      }),
    });
    // Mapped by the `$id` the example's scenario schema declares: its `steps` must be a list.
    const mapped = tree('ops/schema/e2e/upgrade-scenario.schema.json', '"upgrade"');
    expect((await checkAll(mapped)).filter((f) => f.file.startsWith('configs/'))).toEqual([
      finding('schema/valid', 'invalid', positionOf(mapped, scenario, '"upgrade"')),
    ]);
    const unknown = tree('ops/schema/e2e/canary.schema.json', '["upgrade"]');
    expect((await checkAll(unknown)).filter((f) => f.file.startsWith('configs/'))).toEqual([
      finding('registry/schema-id', 'unresolved', positionOf(unknown, registry, '"ops/schema/e2e/canary.schema.json"')),
    ]);
  });

  it('counts the items whose `schema_ref` no repository schema has in one info, at the first', async () => {
    const unknown = [
      { path: 'configs/edge/gateway.json', schema_ref: 'https://schemas.example.org/gateway-v3.json' },
      { path: 'configs/edge/worker.yaml', schema_ref: 'atlas:worker/v2' },
      { path: 'configs/edge/gateway.json', schema_ref: 'atlas:worker/v2' },
    ];
    const tree = beaconWithRegistry('3', unknown);
    expect(await checkAll(tree)).toEqual([
      finding(
        'registry/schema-id',
        'unresolved',
        positionOf(tree, REGISTRY, '"https://schemas.example.org/gateway-v3.json"'),
      ),
    ]);
    const [info] = await checkTree(tree, { only: ['registry/schema-id'] });
    expect(info?.severity).toBe('info');
    expect(info?.message).toBe(
      '`configs/edge/manifests-registry.json` has 3 items naming a schema by `schema_ref` only with no repository schema of that `$id` (`https://schemas.example.org/gateway-v3.json`, `atlas:worker/v2`), so they are not validated: add a schema with that `$id` or give the items a `schema_path`',
    );
  });
});
