import { defineRule } from '../../src/engine/rule.js';
import { readRegistryFile, registryFiles } from '../../src/schema/schema-mapping.js';

const draft2020 = '"$schema": "https://json-schema.org/draft/2020-12/schema"';
const manifestSchema = `{ ${draft2020}, "$id": "https://atlas.example/schemas/manifest-v1.json", "type": "object" }\n`;
const registry = (entries: string) => `{\n  "entries": [\n${entries}\n  ]\n}\n`;

/** How many unresolved ids a finding names before it says how many more there are. */
const SHOWN_IDS = 3;

export default defineRule({
  id: 'registry/schema-id',
  description: 'Registry items that name their schema by `$id` only name a schema of the repository',
  severity: 'info',
  inputs: (config) => config.schemas.registries.filter((r) => r.schemaId !== undefined).map((r) => r.file),
  readsSchemas: true,
  messages: {
    unresolved:
      '`{{file}}` has {{count}} naming a schema by `{{field}}` only with no repository schema of that `$id` ({{ids}}), so they are not validated: add a schema with that `$id` or give the items a `{{schemaField}}`',
  },
  rationale: `Some registries name an item's schema by its \`$id\` instead of its path (in Atlas,
\`configs/**/manifests-registry.json\` items with a \`schema_ref\` and no \`schema_path\`; configure this
with the registry's \`schemaId\` field in \`schemas.registries\`). Such an item is validated against the
repository schema whose own \`$id\` is that id. An id no schema of the repository has (often a schema
published elsewhere, which surveyor never fetches) validates nothing: the items are counted in one
finding per registry file, at the first of them, rather than one warning each, since the usual cause is
one missing schema set rather than many mistakes.`,
  examples: {
    valid: [
      {
        name: 'An item whose `schema_ref` is the `$id` of a repository schema',
        files: {
          'configs/prod/manifests-registry.json': registry(
            '    { "path": "configs/prod/manifest.json", "schema_ref": "https://atlas.example/schemas/manifest-v1.json" }',
          ),
          'configs/prod/manifest.json': '{ "name": "prod" }\n',
          'ops/schema/manifest.schema.json': manifestSchema,
          'surveyor.config.json':
            '{ "schemas": { "registries": [{ "file": "configs/**/manifests-registry.json", "items": "/entries", "instance": "path", "schema": "schema_path", "schemaId": "schema_ref" }] } }\n',
        },
      },
    ],
    invalid: [
      {
        name: 'Two items naming ids no repository schema has: one finding, at the first',
        files: {
          'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
          'configs/prod/manifests-registry.json': registry(
            '    { "path": "configs/prod/manifest.json", "schema_ref": "https://atlas.example/schemas/manifest-v2.json" },\n    { "path": "configs/prod/routes.json", "schema_ref": "atlas:routes/v1" }',
          ),
          'configs/prod/manifest.json': '{ "name": "prod" }\n',
          'configs/prod/routes.json': '{ "routes": [] }\n',
          'ops/schema/manifest.schema.json': manifestSchema,
        },
        findings: [{ file: 'configs/prod/manifests-registry.json', line: 3, column: 59, messageId: 'unresolved' }],
      },
    ],
  },
  check(context) {
    const { workspace, config, facts } = context;
    for (const registry of config.schemas.registries) {
      if (registry.schemaId === undefined) continue;
      for (const file of registryFiles(workspace, registry)) {
        if (!context.inScope(file)) continue;
        const unresolved = (readRegistryFile(workspace, registry, file) ?? []).filter(
          (entry) => entry.schemaId && facts.schemas.fileById(entry.schemaId.value) === undefined,
        );
        const first = unresolved[0]?.schemaId;
        if (!first) continue;
        const ids = [...new Set(unresolved.map((entry) => entry.schemaId!.value))];
        const shown = ids
          .slice(0, SHOWN_IDS)
          .map((id) => `\`${id}\``)
          .join(', ');
        context.report({
          ...first.at,
          messageId: 'unresolved',
          data: {
            count: unresolved.length === 1 ? '1 item' : `${unresolved.length} items`,
            file,
            field: registry.schemaId,
            schemaField: registry.schema,
            ids: ids.length > SHOWN_IDS ? `${shown} and ${ids.length - SHOWN_IDS} more` : shown,
          },
        });
      }
    }
  },
});
