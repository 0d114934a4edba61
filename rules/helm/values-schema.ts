import type { FilePlace } from '../../src/atlas/contract-file.js';
import { defineRule, type RelatedPlace } from '../../src/engine/rule.js';
import { describeAjvErrors } from '../../src/schema/ajv-errors.js';
import { pointerTokens } from '../../src/workspace/json-document.js';

const valuesSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["image"],
  "properties": {
    "replicaCount": { "type": "integer", "minimum": 1 },
    "image": {
      "type": "object",
      "required": ["repository"],
      "properties": { "repository": { "type": "string" }, "tag": { "type": ["string", "null"] } }
    }
  }
}
`;
const tree = (
  profileValues: string,
  chartValues = 'replicaCount: 1\nimage:\n  repository: registry.example.org/atlas\n',
) => ({
  'ops/k8s/install-matrix.json':
    '{\n  "schema_version": 1,\n  "profiles": [{ "name": "prod", "values_file": "ops/k8s/values/prod.yaml", "suite": "install-gate" }]\n}\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/k8s/charts/atlas/values.yaml': chartValues,
  'ops/k8s/charts/atlas/values.schema.json': valuesSchema,
  'ops/k8s/values/prod.yaml': profileValues,
});

interface Failure {
  place: FilePlace;
  message: string;
  keyword?: RelatedPlace;
  profiles: string[];
}

export default defineRule({
  id: 'helm/values-schema',
  description: "Each install-matrix profile's effective Helm values validate against the chart's `values.schema.json`",
  severity: 'error',
  inputs: (config) => [
    config.atlas.installMatrix,
    `${config.atlas.chart.replace(/\/+$/, '')}/values.{yaml,schema.json}`,
    '**/*.{yaml,yml}',
  ],
  // The chart's schema may `$ref` other schemas of the repository.
  readsSchemas: true,
  appliesTo: { atlas: ['installMatrix'] },
  messages: {
    invalid: '{{message}} in the effective values of {{profiles}}',
  },
  rationale: `When a chart ships a \`values.schema.json\`, \`helm lint\`, \`helm install\` and \`helm upgrade\`
validate the values they are given against it and refuse to render when they do not fit. Here each
install-matrix profile's effective values (the chart's \`values.yaml\` deep-merged with the profile's
values file, as Helm merges them: maps merge, lists and scalars replace, \`null\` removes a key) are
validated the same way, so a \`replicaCount: "three"\` is found in review instead of at install time.

Each error is placed at the YAML node that decides the value: the profile's file when it sets it,
else the chart default; an error that several profiles share is reported once, naming them. The schema
keyword that failed is the related location. A schema with a remote \`$ref\` is never fetched:
\`schema/compile\` reports it and this rule stays quiet about that chart.`,
  examples: {
    valid: [{ name: 'A profile that sets a valid replica count', files: tree('replicaCount: 3\n') }],
    invalid: [
      {
        name: 'A profile whose `replicaCount` is a string, and a chart default that misses `image.repository`',
        files: tree('replicaCount: "three"\n', 'replicaCount: 1\nimage:\n  tag: "1.4.0"\n'),
        findings: [
          { file: 'ops/k8s/charts/atlas/values.yaml', line: 3, column: 3, messageId: 'invalid' },
          { file: 'ops/k8s/values/prod.yaml', line: 1, column: 15, messageId: 'invalid' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas, facts } = context;
    const chart = atlas.chart;
    if (!atlas.chartDefaults) return;
    const schemaFile = `${chart.valuesFile.slice(0, chart.valuesFile.lastIndexOf('/'))}/values.schema.json`;
    if (!context.workspace.hasFile(schemaFile)) return;
    const failures = new Map<string, Failure>();
    for (const profile of atlas.installMatrix.profiles) {
      if (!profile.name || !profile.values_file) continue;
      const values = atlas.effectiveValues(profile.values_file);
      if (!values) continue; // an unreadable values file is `atlas/contract-file`'s, a missing one `matrix/values-file`'s
      const outcome = facts.schemas.validate(schemaFile, values.merged());
      // A schema that does not compile (a remote `$ref`, a bad keyword) is `schema/compile`'s finding.
      if (outcome === 'missing' || outcome === 'broken' || outcome.ok || 'tooDeep' in outcome) continue;
      for (const described of describeAjvErrors(outcome.errors)) {
        const tokens = pointerTokens(described.pointer);
        const lookup = values.lookup(tokens);
        const place = tokens.length === 0 ? { file: values.profile.file, pointer: '' } : lookup.origin;
        const key = `${place.file}\u0000${place.pointer}\u0000${described.message}`;
        const failure = failures.get(key);
        if (failure) {
          failure.profiles.push(profile.name);
          continue;
        }
        const keywordAt = facts.schemas.locationOf(described.error.parentSchema);
        const entry: Failure = { place, message: described.message, profiles: [profile.name] };
        if (keywordAt)
          entry.keyword = {
            file: keywordAt.file,
            pointer: `${keywordAt.pointer}/${described.error.keyword}`,
            message: `Schema keyword \`${described.error.keyword}\``,
          };
        failures.set(key, entry);
      }
    }
    for (const failure of failures.values()) {
      if (!context.inScope(failure.place.file) && !context.inScope(schemaFile)) continue;
      const names = failure.profiles.map((p) => `\`${p}\``);
      context.report({
        ...failure.place,
        messageId: 'invalid',
        data: {
          message: failure.message,
          profiles: `${names.length === 1 ? 'profile' : 'profiles'} ${names.join(', ')}`,
        },
        related: failure.keyword ? [failure.keyword] : [],
      });
    }
  },
});
