import { type ChangeKind, changeKind, parseSemver } from '../../src/atlas/semver.js';
import { defineRule } from '../../src/engine/rule.js';

const KINDS: readonly string[] = ['patch', 'minor', 'major', 'rollback'] satisfies ChangeKind[];

const tree = (from: string, to: string, kind: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/e2e/scenarios/upgrade/upgrade-next.json': `{
  "schema_version": 1,
  "id": "upgrade-next",
  "from_version": "${from}",
  "to_version": "${to}",
  "kind": "${kind}",
  "steps": ["versioned-install", "upgrade", "verify-readiness"]
}
`,
});

export default defineRule({
  id: 'scenario/kind-semver',
  description: "Each upgrade scenario's `kind` matches the semantic version change from `from_version` to `to_version`",
  severity: 'error',
  inputs: (config) => config.atlas.scenarios,
  appliesTo: { atlas: [] },
  gate: 'scenarios',
  messages: {
    notSemver: '`{{field}}` `{{version}}` is not a semantic version: write it as `MAJOR.MINOR.PATCH`',
    mismatch:
      'Kind `{{kind}}` does not match `{{from}}` → `{{to}}`, which is a `{{expected}}` change: set `kind` to `{{expected}}`',
    noChange:
      'Kind `{{kind}}` does not match `{{from}}` → `{{to}}`, which changes no version: fix `from_version` or `to_version`',
  },
  rationale: `The scenario's \`kind\` decides which gates it feeds (a \`major\` upgrade needs a migration review, a
\`rollback\` needs a restore check), so it must say what the versions say: \`patch\` keeps major and minor
and raises the patch; \`minor\` keeps the major and raises the minor; \`major\` raises the major;
\`rollback\` goes to a lower version (semver precedence, prereleases included). A version that is not
semver is its own finding, at that version.`,
  examples: {
    valid: [
      { name: 'A minor upgrade', files: tree('1.3.2', '1.4.0', 'minor') },
      { name: 'A rollback to a lower version', files: tree('1.4.0', '1.3.2', 'rollback') },
    ],
    invalid: [
      {
        name: 'A minor upgrade declared as a patch',
        files: tree('1.3.2', '1.4.0', 'patch'),
        findings: [{ file: 'ops/e2e/scenarios/upgrade/upgrade-next.json', line: 6, column: 11, messageId: 'mismatch' }],
      },
      {
        name: 'A version that is not semver',
        files: tree('1.3', '1.4.0', 'minor'),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/upgrade-next.json', line: 4, column: 19, messageId: 'notSemver' },
        ],
      },
    ],
  },
  check(context) {
    for (const scenario of context.atlas.scenarios()) {
      const { from_version: from, to_version: to, kind } = scenario;
      if (from === undefined || to === undefined) continue;
      const versions = { from_version: parseSemver(from), to_version: parseSemver(to) };
      for (const field of ['from_version', 'to_version'] as const) {
        if (!versions[field])
          context.report({
            file: scenario.file,
            pointer: `/${field}`,
            messageId: 'notSemver',
            data: { field, version: scenario[field]! },
          });
      }
      if (!versions.from_version || !versions.to_version || kind === undefined || !KINDS.includes(kind)) continue;
      const expected = changeKind(versions.from_version, versions.to_version);
      if (expected === kind) continue;
      context.report({
        file: scenario.file,
        pointer: '/kind',
        messageId: expected ? 'mismatch' : 'noChange',
        data: { kind, from, to, expected: expected ?? '' },
      });
    }
  },
});
