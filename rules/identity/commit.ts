import { changesRelease, commitHistoryOf } from '../../src/atlas/release.js';
import { defineRule } from '../../src/engine/rule.js';
import { listInProse } from '../../src/prose.js';
import { isCommitRef } from '../../src/workspace/git-history.js';

const tree = (identity: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/release/evidence/identity.json': identity,
});

/** The first 12 digits of a commit id, as the messages show it. */
const short = (sha: string) => sha.slice(0, 12);

export default defineRule({
  id: 'identity/commit',
  description:
    "`identity.json`'s `git_sha` is HEAD, or an ancestor of HEAD with no change to what the release is built from since",
  severity: 'error',
  inputs: (config) => [config.atlas.identity, '**'],
  readsGit: true,
  appliesTo: { atlas: ['identity'], release: true },
  gate: 'identity',
  volatile: ['head', 'count', 'list'],
  messages: {
    noSha: '`{{file}}` has no `git_sha`: record the commit the evidence was collected from',
    notCommit: '`git_sha` `{{sha}}` is not a commit id or tag: record the commit the evidence was collected from',
    unknown: 'Commit `{{sha}}` is not in the history of this checkout: collect the evidence again at HEAD',
    shallow:
      'Commit `{{sha}}` cannot be found in this shallow clone, whose history is cut short: fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` for `actions/checkout`) and run again',
    notAncestor: 'Commit `{{sha}}` is not HEAD `{{head}}` nor an ancestor of it: collect the evidence again at HEAD',
    changed:
      '{{count}} changed after the evidence was collected at `{{sha}}` ({{list}}): collect the evidence again at HEAD',
  },
  rationale: `The evidence describes the repository at one commit, recorded as \`git_sha\` in \`identity.json\`
(an id, or a tag such as \`v1.4.0\`). At the top of a git checkout, that commit must be HEAD (attached or
detached) or an ancestor of HEAD, and nothing the release is built from may have changed since,
committed or not.

**What counts as a change to the release.** Every tracked file counts, except: the evidence folder (the
folder of the evidence manifest, where the evidence and \`identity.json\` are written after the commit
they describe), the readiness score (computed from the evidence), and Markdown pages (docs, whose
generated regions may embed the identity commit). So the documented sequence reaches \`ready\`: collect
the evidence at commit C, record C in \`identity.json\`, run \`surveyor generate\`, commit, run the gate.
A change to the chart, a values file, a contract, a schema or the source after C blocks until the
evidence is collected again.

In a shallow clone (the default of \`actions/checkout\`) the commit may simply not have been fetched:
the finding then says to fetch the history (\`git fetch --unshallow\`, or \`fetch-depth: 0\`) rather than
to collect the evidence again. When the root is not the top of a checkout the commit cannot be
verified at all, which is \`identity/unverified-commit\`'s warning.`,
  examples: {
    valid: [
      {
        name: 'A commit id (outside a git checkout it cannot be verified, which is another rule’s warning)',
        files: tree('{ "schema_version": 1, "git_sha": "94d0c8cb061f821dbac38a86fbc3cbb1f10446f1" }\n'),
      },
    ],
    invalid: [
      {
        name: 'A `git_sha` that is a revision expression, not a commit',
        files: tree('{ "schema_version": 1, "git_sha": "HEAD~1 (the merge)" }\n'),
        findings: [{ file: 'ops/release/evidence/identity.json', line: 1, column: 35, messageId: 'notCommit' }],
      },
      {
        name: 'No `git_sha` at all',
        files: tree('{ "schema_version": 1, "release_id": "atlas-1.4.0" }\n'),
        findings: [{ file: 'ops/release/evidence/identity.json', line: 1, column: 1, messageId: 'noSha' }],
      },
    ],
  },
  check(context) {
    const identity = context.atlas.identity;
    const sha = identity.git_sha;
    if (sha === undefined) {
      context.report({ file: identity.file, pointer: '', messageId: 'noSha', data: { file: identity.file } });
      return;
    }
    const place = { file: identity.file, pointer: '/git_sha' };
    if (!isCommitRef(sha)) {
      context.report({ ...place, messageId: 'notCommit', data: { sha } });
      return;
    }
    const history = commitHistoryOf(context.facts)(sha);
    if (history.kind === 'not-checkout') return;
    if (history.kind === 'unknown' || (history.kind === 'not-ancestor' && history.shallow)) {
      context.report({ ...place, messageId: history.shallow ? 'shallow' : 'unknown', data: { sha } });
      return;
    }
    if (history.kind === 'not-ancestor') {
      context.report({ ...place, messageId: 'notAncestor', data: { sha, head: short(history.head) } });
      return;
    }
    const changed = history.changed.filter((file) => changesRelease(file, context.config.atlas));
    for (const file of changed) context.cite(file, `changed after commit \`${short(history.commit)}\``);
    if (changed.length) {
      context.report({
        ...place,
        messageId: 'changed',
        data: {
          sha,
          count: changed.length === 1 ? 'A file' : `${changed.length} files`,
          list: listInProse(changed),
        },
      });
    } else
      context.attest(
        history.commit === history.head
          ? `commit \`${short(history.commit)}\` is HEAD`
          : `commit \`${short(history.commit)}\` is an ancestor of HEAD \`${short(history.head)}\` with no change to the release since`,
      );
  },
});
