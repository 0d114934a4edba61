import type { MatrixProfile } from '../../src/atlas/install-matrix.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (contractProfile: string) => ({
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [
    { "name": "perf", "values_file": "ops/k8s/values/perf.yaml", "suite": "nightly" }
  ]
}
`,
  'ops/k8s/rollout-safety-contract.json': `{
  "schema_version": 1,
  "profiles": [
    ${contractProfile}
  ]
}
`,
});

export default defineRule({
  id: 'rollout/profile-in-matrix',
  description:
    'Every rollout safety contract profile is an install matrix profile with the same `suite` and `values_file`',
  severity: 'error',
  inputs: (config) => [config.atlas.rolloutContract, config.atlas.installMatrix],
  appliesTo: { atlas: ['rolloutContract', 'installMatrix'] },
  messages: {
    notInMatrix:
      'Contract profile `{{profile}}` is not an install matrix profile: add it to the matrix or remove the contract entry',
    suite:
      'Contract profile `{{profile}}` has suite `{{contract}}` but the install matrix runs it in `{{matrix}}`: make them agree',
    valuesFile:
      'Contract profile `{{profile}}` names values file `{{contract}}` but the install matrix uses `{{matrix}}`: make them agree',
  },
  rationale: `The rollout safety contract states, per profile, what its Helm values must and must not do; the
install matrix is the list of profiles that are actually installed and tested. A contract entry for a
profile the matrix does not have protects nothing, and one whose \`suite\` or \`values_file\` differs from
the matrix judges a different file than the one installed. The finding is in the contract, with the
matrix's value as related location.`,
  examples: {
    valid: [
      {
        name: 'A contract entry that matches its matrix profile',
        files: tree('{ "name": "perf", "suite": "nightly", "values_file": "ops/k8s/values/perf.yaml" }'),
      },
    ],
    invalid: [
      {
        name: 'A contract entry whose values file differs from the matrix',
        files: tree('{ "name": "perf", "suite": "nightly", "values_file": "ops/k8s/values/perf-old.yaml" }'),
        findings: [{ file: 'ops/k8s/rollout-safety-contract.json', line: 4, column: 58, messageId: 'valuesFile' }],
      },
      {
        name: 'A contract entry for a profile the matrix does not have',
        files: tree('{ "name": "soak", "suite": "nightly", "values_file": "ops/k8s/values/soak.yaml" }'),
        findings: [{ file: 'ops/k8s/rollout-safety-contract.json', line: 4, column: 15, messageId: 'notInMatrix' }],
      },
    ],
  },
  check(context) {
    const { rolloutContract: contract, installMatrix: matrix } = context.atlas;
    const byName = new Map<string, MatrixProfile>();
    for (const profile of matrix.profiles) if (!byName.has(profile.name)) byName.set(profile.name, profile);
    for (const entry of contract.profiles) {
      const profile = byName.get(entry.name);
      if (!profile) {
        context.report({
          file: contract.file,
          pointer: `${entry.pointer}/name`,
          messageId: 'notInMatrix',
          data: { profile: entry.name },
          related: [{ file: matrix.file, pointer: '/profiles', message: 'The install matrix profiles' }],
        });
        continue;
      }
      for (const [field, messageId] of [
        ['suite', 'suite'],
        ['values_file', 'valuesFile'],
      ] as const) {
        const mine = entry[field];
        const theirs = profile[field];
        if (mine === undefined || theirs === undefined || mine === theirs) continue;
        context.report({
          file: contract.file,
          pointer: `${entry.pointer}/${field}`,
          messageId,
          data: { profile: entry.name, contract: mine, matrix: theirs },
          related: [
            { file: matrix.file, pointer: `${profile.pointer}/${field}`, message: `The install matrix's \`${field}\`` },
          ],
        });
      }
    }
  },
});
