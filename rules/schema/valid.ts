import type { ErrorObject } from 'ajv';
import { defineRule, type Place, type RelatedPlace, type RuleContext } from '../../src/engine/rule.js';
import { describeAjvErrors } from '../../src/schema/ajv-errors.js';
import { readInstance } from '../../src/schema/instance-document.js';
import { type SchemaMapping, schemasOutside } from '../../src/schema/schema-mapping.js';

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
const valuesSchema = `{
  ${draft2020},
  "type": "object",
  "properties": {
    "replicaCount": { "type": "integer", "minimum": 1 },
    "image": { "type": "object", "properties": { "tag": { "type": "string" } } }
  }
}
`;
const valuesConfig = JSON.stringify({
  schemas: { map: [{ instances: 'ops/k8s/values/*.yaml', schema: 'ops/k8s/charts/atlas/values.schema.json' }] },
});
const toolsSchema = `{
  ${draft2020},
  "type": "object",
  "required": ["tools"],
  "properties": {
    "tools": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "required": ["version"],
        "properties": { "version": { "type": "string", "pattern": "^[0-9]+\\\\.[0-9]+\\\\.[0-9]+$" } }
      }
    }
  }
}
`;
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
        : source.kind === 'modeline'
          ? 'Mapped by this modeline'
          : 'Mapped by this `$schema`';
  return [{ ...source.at, message: how }];
}

export default defineRule({
  id: 'schema/valid',
  description:
    'Every mapped JSON, YAML or TOML file validates against its schema, with every error at its own line and column',
  severity: 'error',
  inputs: (config) => [...config.json.files, ...config.schemas.files, '**/*.{yaml,yml,toml}'],
  findingsPerFile: true,
  readsSchemas: true,
  readsMappedSchemasOnly: true,
  messages: {
    invalid: '{{message}}',
    syntax: 'Cannot validate `{{file}}` against `{{schema}}`: {{message}}',
    missingSchema: 'Cannot validate against `{{schema}}`: the file does not exist',
    tooDeep: 'Cannot validate against `{{schema}}`: the value is nested too deeply',
    outsideSchema:
      'Cannot validate against `{{schema}}`: it is outside the repository and never read, name a schema of the repository',
  },
  rationale: `Each instance file is validated against every schema mapped to it, from three sources:
\`schemas.map\` globs in the config, registry files (\`schemas.registries\`; the atlas preset reads
\`ops/inventory/contracts-map.json\`, items \`{ path, schema }\`, \`ops/schema/generated/compatibility-lock.json\`,
targets \`{ example_path, schema_path }\`, and \`configs/**/manifests-registry.json\`, entries \`{ path,
schema_path }\` or \`{ path, schema_ref }\` naming the schema by \`$id\`), and the instance's own \`$schema\`
when it names a schema of the repository.

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
      {
        name: "Helm values files mapped in the config to the chart's `values.schema.json`, and a TOML file by its own `$schema`",
        files: {
          'surveyor.config.json': valuesConfig,
          'ops/k8s/charts/atlas/values.schema.json': valuesSchema,
          'ops/k8s/values/prod.yaml': 'replicaCount: 3\nimage:\n  tag: "1.4.0"\n',
          'tools.toml': '"$schema" = "schemas/tools.schema.json"\n\n[tools.helm]\nversion = "3.16.2"\n',
          'schemas/tools.schema.json': toolsSchema,
        },
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
        name: 'A YAML values file whose `replicaCount` is a string, placed at its YAML node',
        files: {
          'surveyor.config.json': valuesConfig,
          'ops/k8s/charts/atlas/values.schema.json': valuesSchema,
          'ops/k8s/values/prod.yaml': '# production\nreplicaCount: "three"\nimage:\n  tag: "1.4.0"\n',
        },
        findings: [{ file: 'ops/k8s/values/prod.yaml', line: 2, column: 15, messageId: 'invalid' }],
      },
      {
        name: 'The second document of a YAML stream mapped by its modeline, and a TOML table at its line',
        files: {
          'deploy/replicas.yaml':
            '# yaml-language-server: $schema=../ops/k8s/charts/atlas/values.schema.json\nreplicaCount: 2\n---\nreplicaCount: 0\n',
          'ops/k8s/charts/atlas/values.schema.json': valuesSchema,
          'tools.toml':
            '"$schema" = "schemas/tools.schema.json"\n\n[tools.helm]\nversion = "3.16"\n\n[tools.kubectl]\nchannel = "stable"\n',
          'schemas/tools.schema.json': toolsSchema,
        },
        findings: [
          { file: 'deploy/replicas.yaml', line: 4, column: 15, messageId: 'invalid' },
          { file: 'tools.toml', line: 4, column: 11, messageId: 'invalid' },
          { file: 'tools.toml', line: 6, column: 1, messageId: 'invalid' },
        ],
      },
      {
        name: 'A mapped TOML file that does not parse, reported at the error',
        files: {
          'tools.toml': '"$schema" = "schemas/tools.schema.json"\n[tools.helm]\nversion = = "3.16.2"\n',
          'schemas/tools.schema.json': toolsSchema,
        },
        findings: [{ file: 'tools.toml', line: 3, column: 11, messageId: 'syntax' }],
      },
      {
        name: 'An instance whose own `$schema` names a schema file that does not exist',
        files: { 'configs/app.json': '{\n  "$schema": "../schemas/app.schema.json",\n  "name": "atlas"\n}\n' },
        findings: [{ file: 'configs/app.json', line: 2, column: 14, messageId: 'missingSchema' }],
      },
      {
        name: 'An instance whose own `$schema` names a file outside the repository',
        files: { 'configs/app.json': '{\n  "$schema": "../../../etc/app.schema.json",\n  "name": "atlas"\n}\n' },
        findings: [{ file: 'configs/app.json', line: 2, column: 14, messageId: 'outsideSchema' }],
      },
    ],
  },
  async check(context) {
    const { facts, workspace } = context;
    const schemas = facts.schemas;
    // A schema in scope can change the verdict on the instances mapped to a schema that reaches it.
    const schemaInScope = context.scoped && facts.schemaFiles.some((f) => context.inScope(f));
    const wanted = (mapping: SchemaMapping) =>
      !context.scoped ||
      context.inScope(mapping.instance) ||
      (schemaInScope && schemas.reached(mapping.schema).some((f) => context.inScope(f)));
    const syntaxReported = new Set<string>();
    for (const mapping of facts.mappings) {
      if (!wanted(mapping)) continue;
      const read = await readInstance(workspace, mapping.instance);
      if (!read) continue;
      if (!read.ok) {
        // JSON syntax is `json/syntax`'s; a YAML or TOML file that does not parse is reported here, once.
        if (read.problem && !syntaxReported.has(mapping.instance)) {
          syntaxReported.add(mapping.instance);
          context.report({
            file: mapping.instance,
            span: read.problem.span,
            messageId: 'syntax',
            data: { file: mapping.instance, schema: mapping.schema, message: read.problem.message },
          });
        }
        continue;
      }
      const source = mapping.source;
      const inFile = (source.kind === 'local' || source.kind === 'modeline') && source.at.file === mapping.instance;
      if (!mapping.exists) {
        context.report({
          ...(inFile ? source.at : { file: mapping.instance, pointer: '' }),
          messageId: 'missingSchema',
          data: { schema: mapping.schema },
          related: mappedBy(mapping),
        });
        continue;
      }
      for (const document of read.documents) {
        // JSON findings are placed by pointer; YAML and TOML ones by the node's span (a stream has several documents).
        const placeOf = (pointer: string) =>
          read.format === 'json' ? { pointer } : { pointer, span: document.locate(pointer).span };
        const outcome = schemas.validate(mapping.schema, document.value);
        if (outcome === 'missing' || outcome === 'broken' || outcome.ok) continue; // broken schemas: schema/compile
        if ('tooDeep' in outcome) {
          context.report({
            file: mapping.instance,
            ...placeOf(''),
            messageId: 'tooDeep',
            data: { schema: mapping.schema },
          });
          continue;
        }
        reportErrors(context, mapping, outcome.errors, placeOf);
      }
    }
    // A `$schema` naming a file outside the root maps nothing (it is never read), so it is said here, not ignored.
    if (!context.config.schemas.localSchemaKeyword) return;
    for (const outside of schemasOutside(workspace, facts.instanceFiles)) {
      if (!context.inScope(outside.instance)) continue;
      context.report({ ...outside.at, messageId: 'outsideSchema', data: { schema: outside.declared } });
    }
  },
});

function reportErrors(
  context: RuleContext<'invalid'>,
  mapping: SchemaMapping,
  errors: readonly ErrorObject[],
  placeOf: (pointer: string) => Omit<Place, 'file'>,
): void {
  const schemas = context.facts.schemas;
  for (const described of describeAjvErrors(errors)) {
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
      ...placeOf(described.pointer),
      messageId: 'invalid',
      data: { message },
      related,
    });
  }
}
