import { defineRule, type RelatedPlace } from '../../src/engine/rule.js';
import { describeAjvErrors } from '../../src/schema/ajv-errors.js';
import type { SchemaMapping } from '../../src/schema/schema-mapping.js';

const draft2020 = '"$schema": "https://json-schema.org/draft/2020-12/schema"';
const matrixSchema = `{
  ${draft2020},
  "type": "object",
  "required": ["schema_version", "profiles"],
  "properties": {
    "schema_version": { "const": 1 },
    "profiles": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "values_file", "suite"],
        "properties": {
          "name": { "type": "string" },
          "values_file": { "type": "string" },
          "suite": { "$ref": "../common/defs.schema.json#/definitions/suite" }
        }
      }
    }
  }
}
`;
const defsSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "definitions": { "suite": { "enum": ["install-gate", "k8s-suite", "nightly"] } }
}
`;
const registry = `{
  "items": [
    { "path": "ops/k8s/install-matrix.json", "schema": "ops/schema/k8s/install-matrix.schema.json" },
    { "path": "ops/inventory/contracts-map.json", "schema": "ops/schema/inventory/contracts-map.schema.json" }
  ]
}
`;
const registrySchema = `{ ${draft2020}, "type": "object", "required": ["items"] }\n`;
const tree = (matrix: string) => ({
  'ops/k8s/install-matrix.json': matrix,
  'ops/schema/k8s/install-matrix.schema.json': matrixSchema,
  'ops/schema/common/defs.schema.json': defsSchema,
  'ops/inventory/contracts-map.json': registry,
  'ops/schema/inventory/contracts-map.schema.json': registrySchema,
});

function mappedBy(mapping: SchemaMapping): RelatedPlace[] {
  const source = mapping.source;
  if (source.kind === 'builtin' || !('at' in source) || !source.at) return [];
  const how =
    source.kind === 'registry'
      ? 'Mapped by this registry item'
      : source.kind === 'config'
        ? 'Mapped by this config entry'
        : 'Mapped by this `$schema`';
  return [{ file: source.at.file, pointer: source.at.pointer, message: how }];
}

export default defineRule({
  id: 'schema/valid',
  description: 'Every mapped JSON file validates against its schema, with every error at its own line and column',
  severity: 'error',
  inputs: (config) => [...config.json.files, ...config.schemas.files],
  findingsPerFile: true,
  readsSchemas: true,
  messages: {
    invalid: '{{message}}',
    missingSchema: 'Cannot validate against `{{schema}}`: the file does not exist',
    tooDeep: 'Cannot validate against `{{schema}}`: the value is nested too deeply',
  },
  rationale: `Each instance file is validated against every schema mapped to it, from three sources:
\`schemas.map\` globs in the config, registry files (\`schemas.registries\`; the atlas preset reads
\`ops/inventory/contracts-map.json\`, items \`{ path, schema }\`), and the instance's own \`$schema\` when it
names a schema of the repository.

All errors are collected, one finding each, placed at the value that fails (a missing property at
the object that should hold it, an unexpected property at that property), naming the keyword and
what it expected. The schema keyword that failed is the related location, so the fix can be made on
either side. Drafts 07, 2019-09 and 2020-12 may be mixed in one repository and reference each other.`,
  examples: {
    valid: [
      {
        name: 'A matrix that satisfies its schema (mapped by the contracts map, with a draft-07 `$ref`)',
        files: tree(
          '{\n  "schema_version": 1,\n  "profiles": [{ "name": "kind", "values_file": "ops/k8s/values/kind.yaml", "suite": "k8s-suite" }]\n}\n',
        ),
      },
    ],
    invalid: [
      {
        name: 'A profile whose `suite` is not one of the allowed values',
        files: tree(
          '{\n  "schema_version": 1,\n  "profiles": [\n    { "name": "kind", "values_file": "ops/k8s/values/kind.yaml", "suite": "smoke" }\n  ]\n}\n',
        ),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 75, messageId: 'invalid' }],
      },
      {
        name: 'A missing property, reported at the object that should hold it',
        files: tree('{\n  "schema_version": 1,\n  "profiles": [\n    { "name": "kind", "suite": "nightly" }\n  ]\n}\n'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 5, messageId: 'invalid' }],
      },
      {
        name: 'An instance whose own `$schema` names a schema file that does not exist',
        files: { 'configs/app.json': '{\n  "$schema": "../schemas/app.schema.json",\n  "name": "atlas"\n}\n' },
        findings: [{ file: 'configs/app.json', line: 2, column: 14, messageId: 'missingSchema' }],
      },
    ],
  },
  check(context) {
    const { facts, workspace } = context;
    const schemas = facts.schemas;
    // A schema in scope can change the verdict on any instance; otherwise only in-scope instances matter.
    const everyInstance = !context.scoped || facts.schemaFiles.some((f) => context.inScope(f));
    for (const mapping of facts.mappings) {
      if (!everyInstance && !context.inScope(mapping.instance)) continue;
      const document = workspace.json(mapping.instance);
      if (!document?.ok) continue;
      const at = mapping.source.kind === 'local' ? '/$schema' : '';
      if (!mapping.exists) {
        context.report({
          file: mapping.instance,
          pointer: at,
          messageId: 'missingSchema',
          data: { schema: mapping.schema },
          related: mappedBy(mapping),
        });
        continue;
      }
      const outcome = schemas.validate(mapping.schema, document.value);
      if (outcome === 'missing' || outcome === 'broken' || outcome.ok) continue; // broken schemas: schema/compile
      if ('tooDeep' in outcome) {
        context.report({ file: mapping.instance, pointer: '', messageId: 'tooDeep', data: { schema: mapping.schema } });
        continue;
      }
      for (const described of describeAjvErrors(outcome.errors)) {
        const { error } = described;
        const keywordAt = schemas.locationOf(error.parentSchema);
        const related: RelatedPlace[] = keywordAt
          ? [
              {
                file: keywordAt.file,
                pointer: error.keyword === 'false schema' ? keywordAt.pointer : `${keywordAt.pointer}/${error.keyword}`,
                message: `Schema keyword \`${error.keyword}\``,
              },
            ]
          : [];
        const message =
          mapping.source.kind === 'builtin'
            ? `${described.message}, checked against surveyor's built-in schema \`${mapping.schema.split('/').pop()}\``
            : described.message;
        context.report({
          file: mapping.instance,
          pointer: described.pointer,
          messageId: 'invalid',
          data: { message },
          related,
        });
      }
    }
  },
});
