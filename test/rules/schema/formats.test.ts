import { describe, expect, it } from 'vitest';
import { exampleTree, positionOf } from '../../support/atlas-tree.js';
import { beaconTree } from '../../support/beacon-repo.js';
import { checkAll, finding } from '../../support/check-atlas.js';

const pinsSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["pins"],
  "properties": {
    "pins": { "type": "array", "items": { "type": "object", "required": ["name", "version"] } }
  }
}
`;
const pins = (version: string) =>
  `# yaml-language-server: $schema=../schema/inventory/pins.schema.json\npins:\n  - name: helm\n    version: ${version}\n  - name: kubectl\n    version: "1.31.2"\n`;
const registryToml = (line: string) => `"$schema" = "ops/schema/registry.schema.json"\n\n[registry]\n${line}\n`;
const registrySchema =
  '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": { "registry": { "type": "object", "properties": { "mirror": { "type": "string", "format": "uri" }, "insecure": { "type": "boolean" } } } } }\n';

describe('YAML and TOML instances', () => {
  it('validate through a modeline in the example: clean, then one defect at its node', async () => {
    const clean = {
      ...exampleTree(),
      'ops/inventory/pins.yaml': pins('"3.16.2"'),
      'ops/schema/inventory/pins.schema.json': pinsSchema,
    };
    // Only `schema/valid` is looked at: the example's schema index does not list the new schema.
    const broken = {
      ...clean,
      'ops/inventory/pins.yaml': pins('"3.16.2"').replace('  - name: helm\n', '  - tool: helm\n'),
    };
    expect((await checkAll(broken)).filter((f) => f.rule === 'schema/valid')).toEqual([
      finding('schema/valid', 'invalid', positionOf(broken, 'ops/inventory/pins.yaml', 'tool: helm', 'tool')),
    ]);
    expect((await checkAll(clean)).filter((f) => f.rule === 'schema/valid')).toEqual([]);
  });

  it('validate TOML by its own `$schema` in beacon, and report its syntax error at its place', async () => {
    const tree = {
      ...beaconTree(),
      'registry.toml': registryToml('insecure = "no"'),
      'ops/schema/registry.schema.json': registrySchema,
    };
    expect(await checkAll(tree)).toEqual([
      finding('schema/valid', 'invalid', positionOf(tree, 'registry.toml', '"no"')),
    ]);
    const broken = { ...tree, 'registry.toml': registryToml('insecure = = false') };
    expect(await checkAll(broken)).toEqual([
      finding('schema/valid', 'syntax', positionOf(broken, 'registry.toml', '= = false', '= false')),
    ]);
  });
});

describe('schema/mapping-unused', () => {
  it('reports a config glob that matches nothing in the example', async () => {
    const config =
      '{\n  "schemas": {\n    "map": [{ "instances": "ops/k8s/value/*.yaml", "schema": "ops/k8s/charts/atlas/values.schema.json" }]\n  }\n}\n';
    const tree = { ...exampleTree(), 'surveyor.config.json': config };
    expect(await checkAll(tree)).toEqual([
      finding('schema/mapping-unused', 'noMatch', positionOf(tree, 'surveyor.config.json', '"ops/k8s/value/*.yaml"')),
    ]);
  });

  it('reports a mapping to a file that is not JSON, YAML or TOML in beacon', async () => {
    const base = beaconTree();
    const config = JSON.parse(base['surveyor.config.json'] as string);
    config.schemas = { map: [{ instances: 'notes/*.txt', schema: 'ops/schema/notes.schema.json' }] };
    const tree = {
      ...base,
      'surveyor.config.json': `${JSON.stringify(config, null, 2)}\n`,
      'ops/schema/notes.schema.json': '{ "$schema": "https://json-schema.org/draft/2020-12/schema" }\n',
    };
    expect(await checkAll(tree)).toEqual([
      finding(
        'schema/mapping-unused',
        'unreadable',
        positionOf(tree, 'surveyor.config.json', '"ops/schema/notes.schema.json"'),
      ),
    ]);
  });
});
