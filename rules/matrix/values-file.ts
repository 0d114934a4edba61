import { describeEscape } from '../../src/atlas/contract-file.js';
import { defineRule } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const tree = (valuesFile: string) => ({
  'ops/k8s/install-matrix.json': `{\n  "schema_version": 1,\n  "profiles": [\n    { "name": "perf", "values_file": "${valuesFile}", "suite": "nightly" }\n  ]\n}\n`,
  'ops/k8s/values/perf.yaml': 'replicaCount: 4\n',
});

export default defineRule({
  id: 'matrix/values-file',
  description: "Every install matrix profile's values file exists",
  severity: 'error',
  inputs: (config) => [config.atlas.installMatrix, '**/*.{yaml,yml}'],
  appliesTo: { atlas: ['installMatrix'] },
  gate: 'matrix',
  messages: {
    missing: 'Values file `{{path}}` of profile `{{profile}}` does not exist: create it or fix the path',
    outside:
      'Values file `{{path}}` of profile `{{profile}}` is outside the repository ({{reason}}): use a repo-relative path',
  },
  rationale: `A profile is a Helm values file run in a suite. When the file was renamed or never added,
the install job fails late (Helm cannot find it) and every check that reads the profile's effective
values has nothing to judge. Each \`values_file\` must name a file of the repository, by a repo-relative
path that stays inside it.`,
  examples: {
    valid: [{ name: 'A values file that exists', files: tree('ops/k8s/values/perf.yaml') }],
    invalid: [
      {
        name: 'A values file that was renamed',
        files: tree('ops/k8s/values/performance.yaml'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 38, messageId: 'missing' }],
      },
      {
        name: 'A values file outside the repository',
        files: tree('../shared/perf.yaml'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 38, messageId: 'outside' }],
      },
    ],
  },
  check(context) {
    const { workspace } = context;
    const matrix = context.atlas.installMatrix;
    for (const profile of matrix.profiles) {
      if (profile.values_file === undefined) continue;
      const place = { file: matrix.file, pointer: `${profile.pointer}/values_file` };
      const repoPath = toRepoPath(profile.values_file);
      if (!repoPath.ok) {
        context.report({
          ...place,
          messageId: 'outside',
          data: { path: profile.values_file, profile: profile.name, reason: describeEscape(repoPath.reason) },
        });
      } else if (!workspace.hasFile(repoPath.path)) {
        context.report({ ...place, messageId: 'missing', data: { path: profile.values_file, profile: profile.name } });
      }
    }
  },
});
