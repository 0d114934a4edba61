import { defineRule } from '../../src/engine/rule.js';
import { jsonText } from '../../src/json-text.js';

const tree = (steps: string[]) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/e2e/scenarios/upgrade/rollback-patch.json': `{
  "schema_version": 1,
  "id": "rollback-patch",
  "from_version": "1.3.2",
  "to_version": "1.3.1",
  "kind": "rollback",
  "steps": [
${steps.map((s) => `    "${s}"`).join(',\n')}
  ]
}
`,
});

/** A step that verifies the restored state: `verify-restored-state` and its variants. */
const VERIFIES_RESTORE = /^verify-.*restor/;

export default defineRule({
  id: 'scenario/rollback-steps',
  description: 'A rollback scenario upgrades before it rolls back and ends by verifying the restored state',
  severity: 'error',
  inputs: (config) => config.atlas.scenarios,
  appliesTo: { atlas: [] },
  gate: 'scenarios',
  messages: {
    noRollback: 'Rollback scenario `{{id}}` has no `rollback` step: add one after the `upgrade` step',
    rollbackFirst: 'Rollback scenario `{{id}}` rolls back before any `upgrade` step: install, upgrade, then roll back',
    noFinalCheck:
      'Rollback scenario `{{id}}` ends with `{{last}}`, not with a verification of the restored state: end it with `verify-restored-state`',
  },
  rationale: `A rollback scenario proves that an upgrade can be undone. It only proves that when it actually
upgrades first (an \`upgrade\` step before the \`rollback\` step) and, last, checks that what was restored
is what was there before (\`verify-restored-state\`): a rollback that ends on "the pods are ready" does not
show that the data survived. Applies to scenarios with \`kind: rollback\`.`,
  examples: {
    valid: [
      {
        name: 'Install, upgrade, roll back, verify the restored state',
        files: tree(['versioned-install', 'upgrade', 'rollback', 'verify-restored-state']),
      },
    ],
    invalid: [
      {
        name: 'A rollback that ends on readiness instead of the restored state',
        files: tree(['versioned-install', 'upgrade', 'rollback', 'verify-readiness']),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/rollback-patch.json', line: 11, column: 5, messageId: 'noFinalCheck' },
        ],
      },
      {
        name: 'A rollback before the upgrade',
        files: tree(['versioned-install', 'rollback', 'upgrade', 'verify-restored-state']),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/rollback-patch.json', line: 9, column: 5, messageId: 'rollbackFirst' },
        ],
      },
    ],
  },
  check(context) {
    for (const scenario of context.atlas.scenarios()) {
      if (scenario.kind !== 'rollback') continue;
      const id = scenario.id ?? scenario.file;
      const steps = scenario.steps;
      if (!steps) continue; // steps that are not a list: schema/valid
      const rollbackAt = steps.indexOf('rollback');
      const upgradeAt = steps.indexOf('upgrade');
      if (rollbackAt === -1) {
        context.report({ file: scenario.file, pointer: '/steps', messageId: 'noRollback', data: { id } });
      } else if (upgradeAt === -1 || upgradeAt > rollbackAt) {
        context.report({
          file: scenario.file,
          pointer: `/steps/${rollbackAt}`,
          messageId: 'rollbackFirst',
          data: { id },
        });
      }
      const last = steps.at(-1);
      if (steps.length > 0 && !(typeof last === 'string' && VERIFIES_RESTORE.test(last))) {
        context.report({
          file: scenario.file,
          pointer: `/steps/${steps.length - 1}`,
          messageId: 'noFinalCheck',
          data: { id, last: typeof last === 'string' ? last : jsonText(last, 200) },
        });
      }
    }
  },
});
