import { describeEscape } from '../../src/atlas/contract-file.js';
import { readinessShortfalls } from '../../src/atlas/readiness-verdict.js';
import { defineRule } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const tree = (score: number, inputs: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/release/evidence/manifest.json': '{ "schema_version": 2 }\n',
  'ops/report/generated/readiness-score.json': `{
  "schema_version": 1,
  "score": ${score},
  "status": "ready",
  "inputs": {
${inputs}
  },
  "generated_by": "atlas-readiness 2.3.1",
  "generated_from": "ops/release/evidence/manifest.json"
}
`,
});

export default defineRule({
  id: 'readiness/consistent',
  description:
    'The readiness score says `ready` only with a score at the threshold and every input passing, and `generated_from` exists',
  severity: 'error',
  inputs: (config) => [config.atlas.readinessScore, '**'],
  appliesTo: { atlas: ['readiness'] },
  gate: 'readiness',
  messages: {
    scoreBelow:
      '`status` is `ready` but the score {{score}} is below the threshold {{threshold}}: set `status: blocked` or fix what lowers the score',
    inputFailing:
      '`status` is `ready` but input `{{input}}` is {{state}}: a ready verdict needs every input `pass`, `none` or `ok`',
    generatedFrom:
      '`generated_from` names `{{path}}`, which does not exist: point it at the file the score was computed from',
    generatedFromOutside:
      '`generated_from` names `{{path}}`, which is outside the repository ({{reason}}): use a repo-relative path',
  },
  rationale: `The release gate promotes a release whose readiness score says \`ready\`. That verdict is only
believable when it follows from the numbers next to it: a score at the threshold (100 unless
\`atlas.readinessThreshold\` says otherwise) and every input in a passing state (\`pass\`, \`none\`, \`ok\`).
A \`ready\` next to a failing input is a hand edit or a stale report. \`generated_from\` must name a file of
the repository, so the verdict can be traced to what it was computed from.`,
  examples: {
    valid: [
      {
        name: 'A ready verdict that follows from its inputs',
        files: tree(100, '    "install_matrix": "pass",\n    "open_release_blockers": "none"'),
      },
    ],
    invalid: [
      {
        name: 'A ready verdict with a failing input and a score below the threshold',
        files: tree(92, '    "install_matrix": "pass",\n    "upgrade_e2e": "fail"'),
        findings: [
          { file: 'ops/report/generated/readiness-score.json', line: 4, column: 13, messageId: 'scoreBelow' },
          { file: 'ops/report/generated/readiness-score.json', line: 7, column: 20, messageId: 'inputFailing' },
        ],
      },
    ],
  },
  check(context) {
    const { config } = context;
    const readiness = context.atlas.readiness;
    const file = readiness.file;
    if (readiness.status === 'ready') {
      for (const shortfall of readinessShortfalls(readiness, config.atlas.readinessThreshold)) {
        if (shortfall.kind === 'score') {
          context.report({
            file,
            pointer: '/status',
            messageId: 'scoreBelow',
            data: { score: shortfall.score, threshold: shortfall.threshold },
            related: [{ file, pointer: '/score', message: 'The score' }],
          });
        } else {
          context.report({
            file,
            pointer: shortfall.input.pointer,
            messageId: 'inputFailing',
            data: { input: shortfall.input.name, state: shortfall.state },
            related: [{ file, pointer: '/status', message: 'The verdict' }],
          });
        }
      }
    }
    if (readiness.generatedFrom !== undefined) {
      const repoPath = toRepoPath(readiness.generatedFrom);
      if (!repoPath.ok)
        context.report({
          file,
          pointer: '/generated_from',
          messageId: 'generatedFromOutside',
          data: { path: readiness.generatedFrom, reason: describeEscape(repoPath.reason) },
        });
      else if (!context.workspace.exists(repoPath.path))
        context.report({
          file,
          pointer: '/generated_from',
          messageId: 'generatedFrom',
          data: { path: readiness.generatedFrom },
        });
    }
  },
});
