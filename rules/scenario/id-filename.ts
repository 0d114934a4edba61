import { defineRule } from '../../src/engine/rule.js';

const scenario = (id: string) =>
  `{\n  "schema_version": 1,\n  "id": "${id}",\n  "from_version": "1.3.1",\n  "to_version": "1.3.2",\n  "kind": "patch",\n  "steps": ["versioned-install", "upgrade", "verify-readiness"]\n}\n`;
const tree = (id: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/e2e/scenarios/upgrade/upgrade-patch.json': scenario(id),
});

export default defineRule({
  id: 'scenario/id-filename',
  description: "Each upgrade scenario's `id` equals its file name",
  severity: 'error',
  inputs: (config) => config.atlas.scenarios,
  appliesTo: { atlas: [] },
  gate: 'scenarios',
  messages: {
    mismatch:
      'Scenario id `{{id}}` does not match its file name `{{name}}.json`: set `id` to `{{name}}` or rename the file',
  },
  rationale: `Scenarios are run, reported and referred to by id; the e2e runner finds a scenario's file from its
id. When the two disagree (a file copied and renamed without editing its id, or the other way round),
reports name one scenario while another ran, and two files can claim the same id. A scenario is a JSON
file of the scenario folder (\`atlas.scenarios\`) with \`from_version\`, \`to_version\` and \`steps\`; other
files there (the compatibility table, fixtures) are left alone.`,
  examples: {
    valid: [{ name: 'An id equal to the file name', files: tree('upgrade-patch') }],
    invalid: [
      {
        name: 'A file copied from another scenario without changing its id',
        files: tree('upgrade-minor'),
        findings: [{ file: 'ops/e2e/scenarios/upgrade/upgrade-patch.json', line: 3, column: 9, messageId: 'mismatch' }],
      },
    ],
  },
  check(context) {
    for (const scenario of context.atlas.scenarios()) {
      if (scenario.id === undefined) continue; // schema/valid reports a missing id
      const name = scenario.file.slice(scenario.file.lastIndexOf('/') + 1).replace(/\.json$/, '');
      if (scenario.id !== name)
        context.report({ file: scenario.file, pointer: '/id', messageId: 'mismatch', data: { id: scenario.id, name } });
    }
  },
});
