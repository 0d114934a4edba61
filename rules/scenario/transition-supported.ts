import { transitionSupport } from '../../src/atlas/transition-support.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (supported: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/e2e/scenarios/upgrade/upgrade-minor.json': `{
  "schema_version": 1,
  "id": "upgrade-minor",
  "from_version": "1.2.4",
  "to_version": "1.4.0",
  "kind": "minor",
  "steps": ["versioned-install", "upgrade", "verify-readiness"]
}
`,
  'ops/e2e/scenarios/upgrade/version-compatibility.json': `{
  "schema_version": 1,
  "current_version": "1.4.0",
  "compatibility": [
    { "from": "1.2.4", "to": "1.4.0", "kind": "minor", "supported": ${supported} }
  ]
}
`,
});

export default defineRule({
  id: 'scenario/transition-supported',
  description:
    "Each upgrade scenario's `from_version` → `to_version` is a supported row of the version compatibility table",
  severity: 'error',
  inputs: (config) => [...config.atlas.scenarios, config.atlas.versionCompatibility],
  appliesTo: { atlas: ['compatibility'] },
  gate: 'scenarios',
  messages: {
    unlisted:
      'Transition `{{from}}` → `{{to}}` is not in the compatibility table: add a `supported: true` row to `{{table}}` or change the scenario',
    unsupported:
      'Transition `{{from}}` → `{{to}}` is marked `supported: false` in the compatibility table: support it or drop the scenario',
  },
  rationale: `The compatibility table is what the release promises users: from which versions they may upgrade
(or roll back) to which. A scenario that tests a transition the table does not list, or lists as
unsupported, tests a path the release does not offer, while the path it should have tested may have no
scenario at all. The finding is at the scenario's \`from_version\`, with the table (or its row) as related
location.`,
  examples: {
    valid: [{ name: 'A scenario of a supported transition', files: tree('true') }],
    invalid: [
      {
        name: 'A scenario of a transition the table marks unsupported',
        files: tree('false'),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/upgrade-minor.json', line: 4, column: 19, messageId: 'unsupported' },
        ],
      },
    ],
  },
  check(context) {
    const table = context.atlas.compatibility;
    for (const scenario of context.atlas.scenarios()) {
      const { from_version: from, to_version: to } = scenario;
      if (from === undefined || to === undefined) continue;
      const { rows, supported } = transitionSupport(table, from, to);
      if (supported) continue;
      const row = rows[0];
      context.report({
        file: scenario.file,
        pointer: '/from_version',
        messageId: row ? 'unsupported' : 'unlisted',
        data: { from, to, table: table.file },
        related: [
          row
            ? { file: table.file, pointer: `${row.pointer}/supported`, message: 'The row of this transition' }
            : { file: table.file, pointer: '/compatibility', message: 'The compatibility table' },
        ],
      });
    }
  },
});
