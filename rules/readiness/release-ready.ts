import { readinessShortfalls } from '../../src/atlas/readiness-verdict.js';
import { defineRule } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const tree = (status: string, score: number) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/release/evidence/policy.json': `{ "schema_version": 1, "minimum_readiness_score": 90 }\n`,
  'ops/report/generated/readiness-score.json': `{
  "schema_version": 1,
  "score": ${score},
  "status": "${status}",
  "inputs": { "install_matrix": "pass", "upgrade_e2e": "${status === 'ready' ? 'pass' : 'fail'}" }
}
`,
});

export default defineRule({
  id: 'readiness/release-ready',
  description:
    'The readiness score says `ready`, with a score at the threshold (or the policy minimum, if higher) and every input passing',
  severity: 'error',
  inputs: (config) => [config.atlas.readinessScore, config.atlas.policy, '**'],
  appliesTo: { atlas: ['readiness'], release: true },
  gate: 'readiness',
  messages: {
    notReady: 'The readiness score {{says}}, not `ready`: resolve what blocks the release and compute the score again',
    noScore: 'The readiness score has no `score`: compute the score again',
    scoreBelow:
      'The readiness score is {{score}}, below the threshold {{threshold}}: fix what lowers it and compute the score again',
    inputFailing: 'Readiness input `{{input}}` is {{state}}: a ready release needs every input `pass`, `none` or `ok`',
  },
  rationale: `The readiness score is the release's own verdict, computed from its tests and reviews. A release
is promoted only when it says \`ready\`, with a score at the threshold (the higher of
\`atlas.readinessThreshold\` and the evidence policy's \`minimum_readiness_score\`) and every input in a
passing state (\`pass\`, \`none\`, \`ok\`). A \`ready\` status that its own numbers contradict is
\`readiness/consistent\`'s finding; this rule says why a release that is not ready is not. This is the
release gate's \`readiness\` check.`,
  examples: {
    valid: [{ name: 'A ready score', files: tree('ready', 100) }],
    invalid: [
      {
        name: 'A blocked score with a failing input',
        files: tree('blocked', 80),
        findings: [
          { file: 'ops/report/generated/readiness-score.json', line: 3, column: 12, messageId: 'scoreBelow' },
          { file: 'ops/report/generated/readiness-score.json', line: 4, column: 13, messageId: 'notReady' },
          { file: 'ops/report/generated/readiness-score.json', line: 5, column: 56, messageId: 'inputFailing' },
        ],
      },
      {
        name: 'A score without its number',
        files: {
          ...tree('ready', 100),
          'ops/report/generated/readiness-score.json': '{ "schema_version": 1, "status": "ready", "inputs": {} }\n',
        },
        findings: [{ file: 'ops/report/generated/readiness-score.json', line: 1, column: 1, messageId: 'noScore' }],
      },
    ],
  },
  check(context) {
    const { atlas } = context;
    const readiness = atlas.readiness;
    const file = readiness.file;
    const configured = context.config.atlas.readinessThreshold;
    const threshold = Math.max(configured, atlas.policy?.minimumReadinessScore ?? 0);
    context.cite(
      file,
      `score ${readiness.score ?? 'missing'}, status \`${readiness.status ?? 'missing'}\`, threshold ${threshold}`,
    );
    const ready = readiness.status === 'ready';
    if (!ready)
      context.report({
        file,
        pointer: readiness.status === undefined ? '' : '/status',
        messageId: 'notReady',
        data: { says: readiness.status === undefined ? 'has no `status`' : `says \`${readiness.status}\`` },
      });
    if (readiness.score === undefined) context.report({ file, pointer: '', messageId: 'noScore' });
    for (const shortfall of readinessShortfalls(readiness, threshold)) {
      // A `ready` status contradicted by a score under the configured threshold or by a failing input is `readiness/consistent`'s.
      if (shortfall.kind === 'score') {
        if (!ready || shortfall.score >= configured)
          context.report({
            file,
            pointer: ready ? '/status' : '/score',
            messageId: 'scoreBelow',
            data: { score: shortfall.score, threshold: shortfall.threshold },
          });
      } else if (!ready)
        context.report({
          file,
          pointer: shortfall.input.pointer,
          messageId: 'inputFailing',
          data: { input: shortfall.input.name, state: shortfall.state },
        });
    }
    if (readiness.generatedFrom !== undefined) {
      const repoPath = toRepoPath(readiness.generatedFrom);
      if (repoPath.ok && context.workspace.hasFile(repoPath.path))
        context.cite(repoPath.path, 'what the readiness score was computed from');
    }
    if (ready && readiness.score !== undefined && readinessShortfalls(readiness, threshold).length === 0) {
      const inputs = readiness.inputs.length;
      context.attest(
        `status \`ready\` with score ${readiness.score} of threshold ${threshold}, ${inputs} ${inputs === 1 ? 'input' : 'inputs'} passing`,
      );
    }
  },
});
