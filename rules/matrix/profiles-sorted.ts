import { defineRule } from '../../src/engine/rule.js';

const matrix = (...names: string[]) => ({
  'ops/k8s/install-matrix.json': `{\n  "schema_version": 1,\n  "profiles": [\n${names
    .map((name) => `    { "name": "${name}", "values_file": "ops/k8s/values/${name}.yaml", "suite": "nightly" }`)
    .join(',\n')}\n  ]\n}\n`,
});

export default defineRule({
  id: 'matrix/profiles-sorted',
  description: 'Install matrix profile names are unique and sorted',
  severity: 'error',
  inputs: (config) => [config.atlas.installMatrix],
  appliesTo: { atlas: ['installMatrix'] },
  gate: 'matrix',
  messages: {
    duplicate: 'Profile `{{name}}` is declared twice: rename or remove one of them',
    unsorted: 'Profile `{{name}}` comes after `{{previous}}`: keep the profiles sorted by name',
  },
  rationale: `Every other contract refers to install-matrix profiles by name: the rollout safety contract,
matrix scenarios, evidence SBOMs and image artifacts. A name declared twice makes those references
ambiguous (which values file does \`perf\` use?). Keeping the list sorted keeps it reviewable and gives
generated docs a stable order. A duplicate is reported at its second declaration, with the first as
related; an unsorted name at the first profile that is out of order, with the profile it follows.`,
  examples: {
    valid: [{ name: 'Unique names in order', files: matrix('airgapped', 'ci-minimal', 'prod-ha') }],
    invalid: [
      {
        name: 'A profile out of order',
        files: matrix('airgapped', 'prod-ha', 'ci-minimal'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 6, column: 15, messageId: 'unsorted' }],
      },
      {
        name: 'A profile declared twice',
        files: matrix('ci-minimal', 'perf', 'perf'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 6, column: 15, messageId: 'duplicate' }],
      },
    ],
  },
  check(context) {
    const matrix = context.atlas.installMatrix;
    const first = new Map<string, string>();
    let previous: (typeof matrix.profiles)[number] | undefined;
    for (const profile of matrix.profiles) {
      const at = `${profile.pointer}/name`;
      const earlier = first.get(profile.name);
      if (earlier !== undefined) {
        context.report({
          file: matrix.file,
          pointer: at,
          messageId: 'duplicate',
          data: { name: profile.name },
          related: [{ file: matrix.file, pointer: earlier, message: 'First declared here' }],
        });
      } else {
        first.set(profile.name, at);
        if (previous && profile.name < previous.name) {
          context.report({
            file: matrix.file,
            pointer: at,
            messageId: 'unsorted',
            data: { name: profile.name, previous: previous.name },
            related: [
              { file: matrix.file, pointer: `${previous.pointer}/name`, message: 'The profile it comes after' },
            ],
          });
        }
      }
      if (!previous || profile.name > previous.name) previous = profile;
    }
  },
});
