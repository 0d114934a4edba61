import { defineRule } from '../../src/engine/rule.js';

const tree = (contractNames: string[]) => ({
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [
    { "name": "ci-minimal", "values_file": "ops/k8s/values/ci-minimal.yaml", "suite": "k8s-suite" },
    { "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" }
  ]
}
`,
  'ops/k8s/rollout-safety-contract.json': `{\n  "schema_version": 1,\n  "profiles": [${contractNames.map((n) => `{ "name": "${n}" }`).join(', ')}]\n}\n`,
});

export default defineRule({
  id: 'rollout/profile-covered',
  description: 'Every install matrix profile has a rollout safety contract entry',
  severity: 'warning',
  inputs: (config) => [config.atlas.rolloutContract, config.atlas.installMatrix],
  appliesTo: { atlas: ['rolloutContract', 'installMatrix'] },
  messages: {
    uncovered: 'Install matrix profile `{{profile}}` has no rollout safety contract entry: add one to `{{contract}}`',
  },
  rationale: `A profile without a contract entry is installed without any of the contract's guarantees: nobody
checks its rollout mode, warmup, readiness probe, toggles, network policy or autoscaling against its
effective values. New profiles are often added to the matrix first, so this is a warning rather than
an error; it is reported at the matrix profile's name.`,
  examples: {
    valid: [{ name: 'Every profile has an entry', files: tree(['ci-minimal', 'prod-ha']) }],
    invalid: [
      {
        name: 'A profile added to the matrix without a contract entry',
        files: tree(['prod-ha']),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 15, messageId: 'uncovered' }],
      },
    ],
  },
  check(context) {
    const { rolloutContract: contract, installMatrix: matrix } = context.atlas;
    const covered = new Set(contract.profiles.map((p) => p.name));
    for (const profile of matrix.profiles) {
      if (covered.has(profile.name)) continue;
      context.report({
        file: matrix.file,
        pointer: `${profile.pointer}/name`,
        messageId: 'uncovered',
        data: { profile: profile.name, contract: contract.file },
        related: [{ file: contract.file, pointer: '/profiles', message: 'The contract profiles' }],
      });
    }
  },
});
