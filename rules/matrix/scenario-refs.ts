import type { MatrixScenario } from '../../src/atlas/install-matrix.js';
import { defineRule } from '../../src/engine/rule.js';
import { groupBy } from '../../src/group-by.js';

const tree = (rollbackRefs: string) => ({
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [{ "name": "perf", "values_file": "ops/k8s/values/perf.yaml", "suite": "nightly" }],
  "scenarios": [
    { "name": "perf-upgrade", "kind": "upgrade", "profile": "perf", "baseline_ref": "chart-previous", "target_ref": "workspace-head" },
    { "name": "perf-rollback", "kind": "rollback", "profile": "perf"${rollbackRefs} }
  ]
}
`,
});

export default defineRule({
  id: 'matrix/scenario-refs',
  description:
    'Upgrade and rollback scenarios carry `baseline_ref` and `target_ref`, and a rollback mirrors an upgrade of the same profile',
  severity: 'error',
  inputs: (config) => [config.atlas.installMatrix],
  appliesTo: { atlas: ['installMatrix'] },
  gate: 'matrix',
  messages: {
    missingRef:
      'The {{kind}} scenario `{{scenario}}` has no `{{ref}}`: upgrade and rollback scenarios name the chart ref they start from and the one they end on',
    noUpgrade:
      'Rollback scenario `{{scenario}}` has no upgrade scenario of profile `{{profile}}` to mirror: add the upgrade it rolls back',
    notMirrored:
      'Rollback scenario `{{scenario}}` goes `{{baseline}}` → `{{target}}`, which does not reverse upgrade `{{upgrade}}` (`{{upgradeBaseline}}` → `{{upgradeTarget}}`): make it go `{{upgradeTarget}}` → `{{upgradeBaseline}}`',
  },
  rationale: `An upgrade scenario installs the chart at \`baseline_ref\` and upgrades it to \`target_ref\`
(symbolic chart versions such as \`chart-previous\` and \`workspace-head\`); without both refs the job does
not know what to install. A rollback scenario proves that the upgrade of the same profile can be undone,
so its refs are that upgrade's in reverse: from the upgraded version back to the baseline. A rollback
without an upgrade of its profile, or going anywhere else, proves a path nobody takes.`,
  examples: {
    valid: [
      {
        name: 'A rollback that reverses the upgrade',
        files: tree(', "baseline_ref": "workspace-head", "target_ref": "chart-previous"'),
      },
    ],
    invalid: [
      {
        name: 'A rollback whose refs repeat the upgrade instead of reversing it',
        files: tree(', "baseline_ref": "chart-previous", "target_ref": "workspace-head"'),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 6, column: 87, messageId: 'notMirrored' }],
      },
      {
        name: 'A rollback without refs',
        files: tree(''),
        findings: [
          { file: 'ops/k8s/install-matrix.json', line: 6, column: 5, messageId: 'missingRef' },
          { file: 'ops/k8s/install-matrix.json', line: 6, column: 5, messageId: 'missingRef' },
        ],
      },
    ],
  },
  check(context) {
    const matrix = context.atlas.installMatrix;
    const name = (scenario: MatrixScenario) => scenario.name ?? `#${scenario.index}`;
    const complete: MatrixScenario[] = [];
    for (const scenario of matrix.scenarios) {
      if (scenario.kind !== 'upgrade' && scenario.kind !== 'rollback') continue;
      let ok = true;
      for (const ref of ['baseline_ref', 'target_ref'] as const) {
        if (scenario[ref] !== undefined) continue;
        ok = false;
        context.report({
          file: matrix.file,
          pointer: scenario.pointer,
          messageId: 'missingRef',
          data: { kind: scenario.kind, scenario: name(scenario), ref },
        });
      }
      if (ok) complete.push(scenario);
    }
    // By profile and as a set, once: a matrix of thousands of scenarios is not scanned once per rollback.
    const completeSet = new Set(complete);
    const upgradesOf = groupBy(
      matrix.scenarios.filter((s) => s.kind === 'upgrade'),
      (s) => s.profile,
    );
    for (const rollback of complete) {
      if (rollback.kind !== 'rollback') continue;
      const upgrades = upgradesOf.get(rollback.profile) ?? [];
      if (upgrades.length === 0) {
        context.report({
          file: matrix.file,
          pointer: `${rollback.pointer}/profile`,
          messageId: 'noUpgrade',
          data: { scenario: name(rollback), profile: rollback.profile ?? '' },
        });
        continue;
      }
      // An upgrade without its refs is reported above; what it should mirror is unknown.
      if (upgrades.some((u) => !completeSet.has(u))) continue;
      if (upgrades.some((u) => u.baseline_ref === rollback.target_ref && u.target_ref === rollback.baseline_ref))
        continue;
      const upgrade = upgrades[0]!;
      context.report({
        file: matrix.file,
        pointer: `${rollback.pointer}/baseline_ref`,
        messageId: 'notMirrored',
        data: {
          scenario: name(rollback),
          baseline: rollback.baseline_ref!,
          target: rollback.target_ref!,
          upgrade: name(upgrade),
          upgradeBaseline: upgrade.baseline_ref!,
          upgradeTarget: upgrade.target_ref!,
        },
        related: [
          { file: matrix.file, pointer: upgrade.pointer, message: `The upgrade scenario \`${name(upgrade)}\`` },
        ],
      });
    }
  },
});
