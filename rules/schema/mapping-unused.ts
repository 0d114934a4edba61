import { defineRule } from '../../src/engine/rule.js';

const schema = '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n';

/** The message of each reason a mapping validates nothing. */
const MESSAGE_OF = { noMatch: 'noMatch', unreadable: 'unreadable', schema: 'schema', excluded: 'excluded' } as const;

export default defineRule({
  id: 'schema/mapping-unused',
  description: 'Every schema mapping validates something: its glob matches a file that surveyor reads as an instance',
  severity: 'warning',
  inputs: (config) => [
    ...(config.configFile ? [config.configFile] : []),
    ...config.schemas.registries.map((r) => r.file),
    ...config.json.files,
    '**/*.{yaml,yml,toml}',
  ],
  readsSchemas: true,
  messages: {
    noMatch: '`{{pattern}}` matches no file, so `{{schema}}` validates nothing: fix the glob or remove the mapping',
    unreadable:
      '`{{file}}` is mapped to `{{schema}}` but is not JSON, YAML or TOML, so nothing is validated: map the instance file or remove the mapping',
    schema:
      '`{{file}}` is mapped to `{{schema}}` but is itself a schema, so it is not validated as an instance: remove the mapping',
    excluded:
      '`{{file}}` is mapped to `{{schema}}` but `json.exclude` leaves it out, so nothing is validated: narrow `json.exclude` or remove the mapping',
  },
  rationale: `A mapping that validates nothing looks like a check and is none: a renamed folder, a glob
with a typo or a file in a format surveyor does not read turns it into silence. Each instance → schema
mapping (\`schemas.map\` in the config, registry items, a YAML \`# yaml-language-server: $schema=...\`
modeline, an instance's own \`$schema\`) must name at least one file that is validated: a JSON, YAML
(\`.yaml\`, \`.yml\`, every document of a stream) or TOML file. Registry paths that do not exist are
\`registry/path-exists\`'s findings.`,
  examples: {
    valid: [
      {
        name: 'A config mapping whose glob matches YAML files',
        files: {
          'surveyor.config.json':
            '{ "schemas": { "map": [{ "instances": "ops/k8s/values/*.yaml", "schema": "ops/schema/values.schema.json" }] } }\n',
          'ops/schema/values.schema.json': schema,
          'ops/k8s/values/prod.yaml': 'replicaCount: 3\n',
        },
      },
    ],
    invalid: [
      {
        name: 'A config glob that matches nothing (the folder is `values/`, not `value/`)',
        files: {
          'surveyor.config.json':
            '{\n  "schemas": {\n    "map": [{ "instances": "ops/k8s/value/*.yaml", "schema": "ops/schema/values.schema.json" }]\n  }\n}\n',
          'ops/schema/values.schema.json': schema,
          'ops/k8s/values/prod.yaml': 'replicaCount: 3\n',
        },
        findings: [{ file: 'surveyor.config.json', line: 3, column: 28, messageId: 'noMatch' }],
      },
      {
        name: 'A registry item naming a Helm template, which is not an instance surveyor can read',
        files: {
          'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
          'ops/schema/deployment.schema.json': schema,
          'ops/k8s/charts/atlas/templates/deployment.yaml.tpl': 'kind: Deployment\n',
          'ops/inventory/contracts-map.json':
            '{\n  "items": [\n    { "path": "ops/k8s/charts/atlas/templates/deployment.yaml.tpl", "schema": "ops/schema/deployment.schema.json" }\n  ]\n}\n',
        },
        findings: [{ file: 'ops/inventory/contracts-map.json', line: 3, column: 15, messageId: 'unreadable' }],
      },
    ],
  },
  check(context) {
    const { facts } = context;
    for (const unused of facts.unusedMappings) {
      const source = unused.source;
      const at = 'at' in source && source.at ? source.at : undefined;
      const data = { pattern: unused.instance, file: unused.instance, schema: unused.schema };
      if (at) {
        if (!context.inScope(at.file) && !context.inScope(unused.instance)) continue;
        context.report({ ...at, messageId: MESSAGE_OF[unused.reason], data });
      } else if (context.inScope(unused.instance) && unused.reason !== 'noMatch') {
        context.report({ file: unused.instance, messageId: MESSAGE_OF[unused.reason], data });
      }
    }
  },
});
