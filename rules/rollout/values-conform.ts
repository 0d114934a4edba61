import type { ValueLookup } from '../../src/atlas/helm-values.js';
import { parseToggle, toggleHolds, yamlScalarString } from '../../src/atlas/toggle.js';
import { defineRule } from '../../src/engine/rule.js';

const chartValues = `image:
  repository: registry.example.org/atlas/atlas-server
  tag: "1.4.0"
  digest: ""
rollout:
  enabled: false
cache:
  warmupEnabled: false
server:
  readinessProbePath: /readyz
networkPolicy:
  enabled: false
  mode: namespace
hpa:
  enabled: false
`;
const prodValues = `image:
  tag: null
  digest: sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb
rollout:
  enabled: true
cache:
  warmupEnabled: true
networkPolicy:
  enabled: true
hpa:
  enabled: true
`;
const tree = (profileValues: string) => ({
  'ops/k8s/install-matrix.json':
    '{ "schema_version": 1, "profiles": [{ "name": "prod", "values_file": "ops/k8s/values/prod.yaml", "suite": "install-gate" }] }\n',
  'ops/k8s/rollout-safety-contract.json': `{
  "schema_version": 1,
  "profiles": [
    {
      "name": "prod",
      "values_file": "ops/k8s/values/prod.yaml",
      "rollout_mode": "rollout",
      "warmup_required": true,
      "readiness_path_required": true,
      "forbiddenToggles": ["image.tag"],
      "requiredToggles": ["image.digest"],
      "networkPolicyModeRequired": "namespace",
      "hpaPolicyRequired": "enabled"
    }
  ]
}
`,
  'ops/k8s/charts/atlas/values.yaml': chartValues,
  'ops/k8s/values/prod.yaml': profileValues,
});

/** How a looked-up value reads in a message. */
function describeValue(lookup: ValueLookup, chartValuesFile: string): string {
  if (!lookup.found) return lookup.removed ? 'removed (`null`)' : 'not set';
  const value = lookup.value;
  const text = yamlScalarString(value);
  const shown = text === undefined ? (Array.isArray(value) ? 'a list' : 'a map') : `\`${text === '' ? '""' : text}\``;
  return lookup.origin.file === chartValuesFile ? `${shown} (chart default)` : shown;
}

const messages = {
  rolloutRequired:
    '`{{profile}}` has `rollout_mode: rollout` but effective `rollout.enabled` is {{actual}}: set it to `true` in `{{valuesFile}}`',
  rolloutForbidden:
    '`{{profile}}` has `rollout_mode: deployment` but effective `rollout.enabled` is {{actual}}: set it to `false` in `{{valuesFile}}` or make the mode `rollout`',
  warmup:
    '`{{profile}}` requires warmup but effective `cache.warmupEnabled` is {{actual}}: set it to `true` in `{{valuesFile}}`',
  readinessPath:
    '`{{profile}}` requires a readiness path but effective `server.readinessProbePath` is {{actual}}: set a path such as `/readyz`',
  requiredToggle:
    '`{{profile}}` requires `{{toggle}}` but effective `{{key}}` is {{actual}}: set it in `{{valuesFile}}`',
  forbiddenToggle: '`{{profile}}` forbids `{{toggle}}` but effective `{{key}}` is {{actual}}: {{fix}}',
  networkDisabled:
    '`{{profile}}` requires network policy `disabled` but effective `networkPolicy.enabled` is {{actual}}: set it to `false` in `{{valuesFile}}`',
  networkEnabled:
    '`{{profile}}` requires network policy mode `{{mode}}` but effective `networkPolicy.enabled` is {{actual}}: set it to `true` in `{{valuesFile}}`',
  networkMode:
    '`{{profile}}` requires network policy mode `{{mode}}` but effective `networkPolicy.mode` is {{actual}}: set it to `{{mode}}` in `{{valuesFile}}`',
  hpa: '`{{profile}}` requires `hpaPolicyRequired: {{policy}}` but effective `hpa.enabled` is {{actual}}: set it to `{{expected}}` in `{{valuesFile}}`',
};

export default defineRule({
  id: 'rollout/values-conform',
  description: "Each profile's effective Helm values honour its rollout safety contract entry",
  severity: 'error',
  inputs: (config) => [
    config.atlas.rolloutContract,
    `${config.atlas.chart.replace(/\/+$/, '')}/values.yaml`,
    '**/*.{yaml,yml}',
  ],
  appliesTo: { atlas: ['rolloutContract'] },
  messages,

  rationale: `The rollout safety contract says, per profile, how it must be deployed; the profile's values decide how
it is. What counts is the **effective** values: the chart's \`values.yaml\` deep-merged with the profile's
values file as Helm does (maps merge, lists and scalars replace, \`null\` removes a key). Judging the
override file alone gives false findings (a probe path only the chart default sets is still set) and
misses real ones (a chart default tag that a production profile forgot to remove).

Checked, per contract entry: \`rollout_mode: rollout\` exactly when \`rollout.enabled\` is true;
\`warmup_required\` ⇒ \`cache.warmupEnabled\` is true; \`readiness_path_required\` ⇒
\`server.readinessProbePath\` is a non-empty path; every \`requiredToggles\` entry holds and no
\`forbiddenToggles\` entry does (a toggle \`a.b.c\` holds when the key is present and not \`null\`, \`""\` or
\`false\`; \`a.b.c=value\` when its value, as a YAML scalar, equals \`value\`);
\`networkPolicyModeRequired: disabled\` ⇒ \`networkPolicy.enabled\` is not true, any other mode ⇒ it is true
and \`networkPolicy.mode\` equals the mode; \`hpaPolicyRequired\` matches \`hpa.enabled\`.

Each finding points at the YAML node that decides the value: in the profile's file when it sets it,
otherwise in the chart's \`values.yaml\`; when neither sets it, at the place in the profile file where it
belongs. The contract entry is the related location.`,
  examples: {
    valid: [
      {
        name: 'A profile whose effective values honour the contract (the readiness path comes from the chart default)',
        files: tree(prodValues),
      },
    ],
    invalid: [
      {
        name: 'A profile that forgot to remove the chart default tag and to pin a digest: both findings are in the chart defaults',
        files: tree(
          prodValues.replace(
            '  tag: null\n  digest: sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb\n',
            '  pullPolicy: Always\n',
          ),
        ),
        findings: [
          { file: 'ops/k8s/charts/atlas/values.yaml', line: 3, column: 8, messageId: 'forbiddenToggle' },
          { file: 'ops/k8s/charts/atlas/values.yaml', line: 4, column: 11, messageId: 'requiredToggle' },
        ],
      },
      {
        name: 'A profile with the wrong network policy mode and warmup turned off',
        files: tree(
          prodValues
            .replace('  warmupEnabled: true', '  warmupEnabled: false')
            .replace('  enabled: true\nhpa', '  enabled: true\n  mode: strict\nhpa'),
        ),
        findings: [
          { file: 'ops/k8s/values/prod.yaml', line: 7, column: 18, messageId: 'warmup' },
          { file: 'ops/k8s/values/prod.yaml', line: 10, column: 9, messageId: 'networkMode' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas } = context;
    const { rolloutContract: contract, chart } = atlas;
    // Without the chart defaults every profile would be judged from its override file alone.
    if (!atlas.chartDefaults) return;
    for (const entry of contract.profiles) {
      if (entry.values_file === undefined) continue;
      const values = atlas.effectiveValues(entry.values_file);
      if (!values) continue;
      const valuesFile = values.profile.file;
      const fail = (
        lookup: ValueLookup,
        field: string,
        messageId: keyof typeof messages,
        data: Record<string, string> = {},
      ) => {
        context.report({
          file: lookup.origin.file,
          pointer: lookup.origin.pointer,
          messageId,
          data: { profile: entry.name, valuesFile, actual: describeValue(lookup, chart.valuesFile), ...data },
          related: [
            {
              file: contract.file,
              pointer: `${entry.pointer}/${field}`,
              message: `The rollout safety contract of \`${entry.name}\``,
            },
            ...(lookup.origin.file === valuesFile
              ? []
              : [
                  {
                    file: valuesFile,
                    pointer: lookup.origin.pointer,
                    message: `\`${entry.name}\`'s values file, which leaves the chart default in place`,
                  },
                ]),
          ],
        });
      };
      const isTrue = (lookup: ValueLookup) => lookup.found && lookup.value === true;

      const rollout = values.lookup(['rollout', 'enabled']);
      if (entry.rollout_mode === 'rollout' && !isTrue(rollout)) fail(rollout, 'rollout_mode', 'rolloutRequired');
      if (entry.rollout_mode === 'deployment' && isTrue(rollout)) fail(rollout, 'rollout_mode', 'rolloutForbidden');

      if (entry.warmup_required === true) {
        const warmup = values.lookup(['cache', 'warmupEnabled']);
        if (!isTrue(warmup)) fail(warmup, 'warmup_required', 'warmup');
      }

      if (entry.readiness_path_required === true) {
        const path = values.lookup(['server', 'readinessProbePath']);
        if (!(path.found && typeof path.value === 'string' && path.value.trim() !== ''))
          fail(path, 'readiness_path_required', 'readinessPath');
      }

      entry.requiredToggles?.forEach((raw, index) => {
        const toggle = typeof raw === 'string' ? parseToggle(raw) : undefined;
        if (!toggle) return; // schema/valid reports malformed toggles
        const lookup = values.lookup(toggle.keys);
        if (!toggleHolds(toggle, lookup))
          fail(lookup, `requiredToggles/${index}`, 'requiredToggle', {
            toggle: toggle.text,
            key: toggle.keys.join('.'),
          });
      });
      entry.forbiddenToggles?.forEach((raw, index) => {
        const toggle = typeof raw === 'string' ? parseToggle(raw) : undefined;
        if (!toggle) return;
        const lookup = values.lookup(toggle.keys);
        if (!toggleHolds(toggle, lookup)) return;
        const fix =
          lookup.origin.file === chart.valuesFile
            ? `override the chart default in \`${valuesFile}\` (\`null\` removes it)`
            : `change or remove it in \`${valuesFile}\``;
        fail(lookup, `forbiddenToggles/${index}`, 'forbiddenToggle', {
          toggle: toggle.text,
          key: toggle.keys.join('.'),
          fix,
        });
      });

      const mode = entry.networkPolicyModeRequired;
      if (mode !== undefined) {
        const enabled = values.lookup(['networkPolicy', 'enabled']);
        if (mode === 'disabled') {
          if (isTrue(enabled)) fail(enabled, 'networkPolicyModeRequired', 'networkDisabled');
        } else if (!isTrue(enabled)) {
          fail(enabled, 'networkPolicyModeRequired', 'networkEnabled', { mode });
        } else {
          const actual = values.lookup(['networkPolicy', 'mode']);
          if (!(actual.found && yamlScalarString(actual.value) === mode))
            fail(actual, 'networkPolicyModeRequired', 'networkMode', { mode });
        }
      }

      const hpa = entry.hpaPolicyRequired;
      if (hpa === 'enabled' || hpa === 'disabled') {
        const enabled = values.lookup(['hpa', 'enabled']);
        if (isTrue(enabled) !== (hpa === 'enabled'))
          fail(enabled, 'hpaPolicyRequired', 'hpa', { policy: hpa, expected: String(hpa === 'enabled') });
      }
    }
  },
});
