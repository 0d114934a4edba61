import { closest } from '../../src/closest.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (profile: string) => ({
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [
    { "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" }
  ],
  "scenarios": [
    { "name": "prod-ha-install", "kind": "install", "profile": "${profile}", "suite": "install-gate" }
  ]
}
`,
});

export default defineRule({
  id: 'matrix/scenario-profile',
  description: 'Every install matrix scenario names a declared profile',
  severity: 'error',
  inputs: (config) => [config.atlas.installMatrix],
  appliesTo: { atlas: ['installMatrix'] },
  gate: 'matrix',
  messages: {
    unknown: 'Scenario `{{scenario}}` runs profile `{{profile}}`, which the matrix does not declare: {{fix}}',
  },
  rationale: `A scenario runs one profile's values file in a suite. A scenario that names a profile the
matrix does not declare (renamed, removed, misspelled) cannot be run: the job has no values file to
install with, and the path it was meant to prove goes untested. The finding is at the scenario's
\`profile\`, with the declared profiles as related location and the closest declared name as a hint.`,
  examples: {
    valid: [{ name: 'A scenario of a declared profile', files: tree('prod-ha') }],
    invalid: [
      {
        name: 'A scenario whose profile was misspelled',
        files: tree('prod-hq'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 7, column: 64, messageId: 'unknown' }],
      },
    ],
  },
  check(context) {
    const matrix = context.atlas.installMatrix;
    const declared = matrix.profiles.map((p) => p.name);
    const names = new Set(declared);
    for (const scenario of matrix.scenarios) {
      if (scenario.profile === undefined || names.has(scenario.profile)) continue;
      const hint = closest(scenario.profile, declared);
      context.report({
        file: matrix.file,
        pointer: `${scenario.pointer}/profile`,
        messageId: 'unknown',
        data: {
          scenario: scenario.name ?? `#${scenario.index}`,
          profile: scenario.profile,
          fix: hint ? `did you mean \`${hint}\`?` : 'declare it under `profiles` or name a declared profile',
        },
        related: [{ file: matrix.file, pointer: '/profiles', message: 'The declared profiles' }],
      });
    }
  },
});
