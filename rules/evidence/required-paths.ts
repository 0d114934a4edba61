import { describeEscape } from '../../src/atlas/contract-file.js';
import { evidencePathState } from '../../src/atlas/evidence-verification.js';
import { defineRule } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const tree = (required: string[]) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/release/evidence/identity.json': '{ "schema_version": 1 }\n',
  'ops/release/evidence/policy.json': `{\n  "schema_version": 1,\n  "required_paths": [\n${required.map((p) => `    "${p}"`).join(',\n')}\n  ]\n}\n`,
});

export default defineRule({
  id: 'evidence/required-paths',
  description: "Every path in the evidence policy's `required_paths` exists",
  severity: 'error',
  inputs: (config) => [config.atlas.policy, '**'],
  appliesTo: { atlas: ['policy'] },
  gate: 'evidence',
  messages: {
    missing:
      'The evidence policy requires `{{path}}`, which is neither in the repository nor in the evidence tarball: add it or update `required_paths`',
    outside: '`{{path}}` is outside the repository ({{reason}}): required paths are repo-relative',
  },
  rationale: `The evidence policy lists what every release must carry (the install matrix, the rollout contract, the
identity, the evidence tarball, the readiness score...). A required file that is missing blocks the
release at the gate, late; this rule says so as soon as the file goes. A path counts as present when it
is a file or folder of the repository, or a member of the evidence tarball.`,
  examples: {
    valid: [
      {
        name: 'Every required path exists',
        files: tree(['ops/k8s/install-matrix.json', 'ops/release/evidence/identity.json']),
      },
    ],
    invalid: [
      {
        name: 'A required file that was deleted',
        files: tree(['ops/k8s/install-matrix.json', 'ops/release/evidence/bundle.tar']),
        findings: [{ file: 'ops/release/evidence/policy.json', line: 5, column: 5, messageId: 'missing' }],
      },
    ],
  },
  check(context) {
    const { atlas } = context;
    const policy = atlas.policy;
    const everyPath = !context.scoped || context.inScope(policy.file);
    context.cite(policy.file, 'the evidence policy');
    const inTarball = atlas.tarballPath === undefined ? 'in the evidence tarball' : `in \`${atlas.tarballPath}\``;
    for (const entry of policy.requiredPaths) {
      const place = { file: policy.file, pointer: entry.pointer };
      const repoPath = toRepoPath(entry.value);
      if (!everyPath && !(repoPath.ok && context.inScope(repoPath.path))) continue;
      const state = evidencePathState(atlas, entry.value);
      if (state.kind === 'outside')
        context.report({
          ...place,
          messageId: 'outside',
          data: { path: entry.value, reason: describeEscape(state.reason) },
        });
      else if (state.kind === 'missing')
        context.report({ ...place, messageId: 'missing', data: { path: entry.value } });
      else if (state.kind === 'present')
        context.cite(
          state.path,
          state.source === 'tarball' ? `required by the policy, ${inTarball}` : 'required by the policy',
          state.source === 'tarball' ? atlas.digestOf(state.path)?.sha256 : undefined,
        );
    }
    context.attest(`${policy.requiredPaths.length} required paths present`);
  },
});
