import { commitHistoryOf } from '../../src/atlas/release.js';
import { defineRule } from '../../src/engine/rule.js';
import { isCommitRef } from '../../src/workspace/git-history.js';

const tree = {
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/release/evidence/identity.json':
    '{\n  "schema_version": 1,\n  "git_sha": "94d0c8cb061f821dbac38a86fbc3cbb1f10446f1"\n}\n',
};

export default defineRule({
  id: 'identity/unverified-commit',
  description: "`identity.json`'s `git_sha` can be verified: the root is the top of a git checkout",
  severity: 'warning',
  inputs: (config) => [config.atlas.identity],
  readsGit: true,
  appliesTo: { atlas: ['identity'], release: true },
  gate: 'identity',
  messages: {
    notCheckout:
      'Commit `{{sha}}` cannot be verified because the root is not the top of a git checkout: run the gate at the top of the checkout the evidence was collected from',
  },
  rationale: `\`identity/commit\` compares the commit the evidence was collected from with git's history. When
the root is a folder inside a checkout, an export without \`.git\`, or files given in memory, there is no
history to compare with: the evidence may describe another commit, and nothing says so. This is a
warning, not a block, so that a repository checked outside git still gets every other verdict; run the
gate at the top of the checkout to verify the commit. It speaks only when the release is given
(\`surveyor gate\`, \`surveyor check --release\`): a plain \`surveyor check\` below the top of a checkout is
ordinary.`,
  examples: {
    valid: [
      { name: 'A plain `check` (no release given) below the top of a checkout', files: tree },
      {
        name: 'No commit to verify (a missing `git_sha` is `identity/commit`’s)',
        files: { ...tree, 'ops/release/evidence/identity.json': '{ "schema_version": 1 }\n' },
        release: '1.4.0',
      },
    ],
    invalid: [
      {
        name: 'A commit id read outside a git checkout, with release `1.4.0` under evaluation',
        files: tree,
        release: '1.4.0',
        findings: [{ file: 'ops/release/evidence/identity.json', line: 3, column: 14, messageId: 'notCheckout' }],
      },
    ],
  },
  check(context) {
    // A plain `check` often runs below the top of a checkout (an example, one part of a monorepo):
    // the commit is only expected to be verifiable when a release is being evaluated.
    if (!context.release.explicit) return;
    const identity = context.atlas.identity;
    const sha = identity.git_sha;
    if (sha === undefined || !isCommitRef(sha)) return;
    if (commitHistoryOf(context.facts)(sha).kind !== 'not-checkout') return;
    context.report({ file: identity.file, pointer: '/git_sha', messageId: 'notCheckout', data: { sha } });
  },
});
