import { defineRule } from '../../src/engine/rule.js';
import { evaluateReadiness, findingReport } from '../../src/signals/evaluate.js';
import { signalsExample, vectorAnswer } from '../../src/signals/example-signals.js';

const CHANGES = 'changes(kube_pod_status_ready{condition="true",namespace="atlas"}[15m])';
const READY = 'kube_pod_status_ready{condition="true",namespace="atlas"}';

export default defineRule({
  id: 'signals/readiness',
  description: 'No pod of the app changed readiness during the window, and at least one is ready',
  severity: 'error',
  inputs: (config) => [config.observe.alertCatalog],
  appliesTo: { atlas: [], release: true, signals: true },
  gate: 'signals',
  volatile: ['changes', 'reason'],
  messages: {
    unreadable: 'Cannot read readiness: {{reason}} (`{{query}}`)',
    flapping: 'Pod `{{pod}}` changed readiness {{changes}} times in the last {{window}}: wait until it is stable',
    noneReady: 'No pod of the app is ready (`{{query}}`): the release does not serve',
  },
  rationale: `The seed page's first required signal during an upgrade is readiness and health stabilisation.
Over \`--window\` (15 minutes by default) no pod of the app may have changed readiness
(\`changes(kube_pod_status_ready{condition="true",...}[15m])\` is 0 for every pod), and at \`--at\` at least one
pod is ready. The pods are selected by \`gate.signals.selector\` (\`namespace="atlas"\` by default). A pod that
flaps is a release that has not settled: promotion waits. Findings point at the alert catalog, the contract
of the signals operators are promised. Runs in \`surveyor gate\` with \`--prometheus\` or \`--signals\`; it is
the \`signals\` check.`,
  examples: {
    valid: [signalsExample('Two pods ready, neither changed readiness')],
    invalid: [
      signalsExample(
        'A pod flapping, and then none ready',
        {
          [CHANGES]: vectorAnswer([
            { labels: { namespace: 'atlas', pod: 'atlas-0' }, value: 0 },
            { labels: { namespace: 'atlas', pod: 'atlas-1' }, value: 6 },
          ]),
          [READY]: vectorAnswer([
            { labels: { namespace: 'atlas', pod: 'atlas-0' }, value: 0 },
            { labels: { namespace: 'atlas', pod: 'atlas-1' }, value: 0 },
          ]),
        },
        [
          { file: 'ops/observe/alert-catalog.json', line: 1, column: 1, messageId: 'noneReady' },
          { file: 'ops/observe/alert-catalog.json', line: 1, column: 1, messageId: 'flapping' },
        ],
      ),
      signalsExample(
        'Prometheus answers an error',
        { [CHANGES]: { status: 'error', errorType: 'execution', error: 'boom' } },
        [{ file: 'ops/observe/alert-catalog.json', line: 1, column: 1, messageId: 'unreadable' }],
      ),
    ],
  },
  check(context) {
    const { inputs, book } = context.signals;
    const findings = evaluateReadiness(inputs, book);
    for (const finding of findings) context.report(findingReport(finding));
    if (findings.length === 0) context.attest('no pod changed readiness in the window');
  },
});
