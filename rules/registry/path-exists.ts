import { defineRule } from '../../src/engine/rule.js';
import { readRegistryFile, registryFiles } from '../../src/schema/schema-mapping.js';
import { isGlob, toRepoPath } from '../../src/workspace/repo-path.js';

const registry = (items: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1 }\n',
  'ops/schema/k8s/install-matrix.schema.json': '{ "type": "object" }\n',
  'ops/inventory/contracts-map.json': `{\n  "items": [\n${items}\n  ]\n}\n`,
});

export default defineRule({
  id: 'registry/path-exists',
  description: 'Every instance and schema path a registry file names exists',
  severity: 'error',
  inputs: (config) => [
    ...config.schemas.registries.map((r) => r.file),
    ...(config.configFile ? [config.configFile] : []),
  ],
  messages: {
    missing: '`{{path}}` does not exist: fix the {{field}} path or remove the item',
    noMatch: '`{{path}}` matches no file: fix the {{field}} glob or remove the item',
    escapes: '`{{path}}` is outside the repository ({{reason}}): registry paths are repo-relative',
    field: 'Unexpected item without a `{{field}}` string, expected the {{role}} path in it',
    shape: '{{message}}',
    noRegistry: 'Registry file `{{path}}` does not exist',
  },
  rationale: `Registry files (in Atlas \`ops/inventory/contracts-map.json\`,
\`ops/schema/generated/compatibility-lock.json\` and \`configs/**/manifests-registry.json\`, which the
atlas preset reads) are the repository's own list of which file is checked against which schema. An
item that names a file that was moved or deleted makes the check silently disappear. Every item's
instance path (or glob, which must match at least one file) and schema path must exist; paths are
repo-relative and may not leave the repository. An item that names its schema by id instead (the
registry's \`schemaId\` field) needs no schema path: \`registry/schema-id\` resolves the id. Configure
registries with \`schemas.registries\` (\`file\` path or glob, \`items\` pointer, \`instance\`,
\`schema\` and optional \`schemaId\` fields).`,
  examples: {
    valid: [
      {
        name: 'An item whose instance and schema exist',
        files: registry(
          '    { "path": "ops/k8s/install-matrix.json", "schema": "ops/schema/k8s/install-matrix.schema.json" }',
        ),
      },
    ],
    invalid: [
      {
        name: 'A schema that was renamed',
        files: registry('    { "path": "ops/k8s/install-matrix.json", "schema": "ops/schema/k8s/matrix.schema.json" }'),
        findings: [{ file: 'ops/inventory/contracts-map.json', line: 3, column: 56, messageId: 'missing' }],
      },
      {
        name: 'A glob that matches nothing, and a path that leaves the repository',
        files: registry(
          '    { "path": "ops/e2e/scenarios/*.json", "schema": "ops/schema/k8s/install-matrix.schema.json" },\n    { "path": "../secrets.json", "schema": "ops/schema/k8s/install-matrix.schema.json" }',
        ),
        findings: [
          { file: 'ops/inventory/contracts-map.json', line: 3, column: 15, messageId: 'noMatch' },
          { file: 'ops/inventory/contracts-map.json', line: 4, column: 15, messageId: 'escapes' },
        ],
      },
    ],
  },
  check(context) {
    const { workspace, config } = context;
    config.schemas.registries.forEach((registry, index) => {
      const files = registryFiles(workspace, registry);
      if (files.length === 0) {
        // Only a registry the user configured is expected to exist; the preset's are optional.
        if (config.explicit.has('schemas.registries') && config.configFile && context.inScope(config.configFile)) {
          context.report({
            file: config.configFile,
            pointer: `/schemas/registries/${index}/file`,
            messageId: 'noRegistry',
            data: { path: registry.file },
          });
        }
        return;
      }
      const entries = files
        .filter((file) => context.inScope(file))
        .flatMap((file) => readRegistryFile(workspace, registry, file) ?? []);
      for (const entry of entries) {
        if (entry.problem) {
          context.report({
            file: entry.problem.at.file,
            pointer: entry.problem.at.pointer,
            messageId: 'shape',
            data: { message: entry.problem.message },
          });
          continue;
        }
        const itemPointer = `${registry.items.replace(/^#/, '')}/${entry.index}`;
        for (const [field, role, value] of [
          [registry.instance, 'instance', entry.instance],
          [registry.schema, 'schema', entry.schema],
        ] as const) {
          // An item naming its schema by id has no schema path: `registry/schema-id` resolves the id.
          if (role === 'schema' && entry.schemaId) continue;
          if (!value) {
            context.report({ file: entry.file, pointer: itemPointer, messageId: 'field', data: { field, role } });
            continue;
          }
          const repoPath = toRepoPath(value.value);
          const place = { file: value.at.file, pointer: value.at.pointer };
          if (!repoPath.ok) {
            const reason =
              repoPath.reason === 'absolute'
                ? 'an absolute path'
                : repoPath.reason === 'parent'
                  ? 'it climbs out with `..`'
                  : 'it is empty';
            context.report({ ...place, messageId: 'escapes', data: { path: value.value, reason } });
          } else if (role === 'instance' && isGlob(repoPath.path)) {
            if (workspace.match(repoPath.path).length === 0)
              context.report({ ...place, messageId: 'noMatch', data: { path: value.value, field } });
          } else if (!workspace.hasFile(repoPath.path)) {
            context.report({ ...place, messageId: 'missing', data: { path: value.value, field } });
          }
        }
      }
    });
  },
});
