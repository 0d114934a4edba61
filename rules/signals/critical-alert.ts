import { defineRule } from '../../src/engine/rule.js';
import { evaluateAlerts, findingReport } from '../../src/signals/evaluate.js';
import { signalsExample, vectorAnswer } from '../../src/signals/example-signals.js';

const ALERTS = 'ALERTS{alertstate="firing"}';

export default defineRule({
  id: 'signals/critical-alert',
  description: 'No alert that the alert catalog lists as critical is firing',
  severity: 'error',
  inputs: (config) => [config.observe.alertCatalog],
  appliesTo: { atlas: [], release: true, signals: true },
  gate: 'signals',
  volatile: ['reason'],
  messages: {
    unreadable: 'Cannot read the firing alerts: {{reason}} (`{{query}}`)',
    criticalFiring: 'Critical alert `{{alert}}` is firing: resolve it, or roll back, before promotion',
  },
  rationale: `An alert the catalog promises as \`critical\` that fires during a rollout is the system saying
stop. The gate reads Prometheus's \`ALERTS{alertstate="firing"}\` series at \`--at\` (what the rule files
produced, as Prometheus stored it, so a saved answer replays the same) and blocks on every catalogued critical
alert among them. Firing \`warning\` alerts are \`signals/warning-alert\`'s; alerts the catalog does not list
are not promised and not judged. Runs in \`surveyor gate\` with \`--prometheus\` or \`--signals\`; it is the
\`signals\` check.`,
  examples: {
    valid: [signalsExample('Nothing firing')],
    invalid: [
      signalsExample(
        'The availability burn alert firing',
        {
          [ALERTS]: vectorAnswer([
            { labels: { alertname: 'AtlasQueryAvailabilityBurn', alertstate: 'firing', severity: 'page' }, value: 1 },
          ]),
        },
        [{ file: 'ops/observe/alert-catalog.json', line: 4, column: 5, messageId: 'criticalFiring' }],
      ),
      signalsExample('Prometheus unreadable', { [ALERTS]: 'not json' }, [
        { file: 'ops/observe/alert-catalog.json', line: 1, column: 1, messageId: 'unreadable' },
      ]),
    ],
  },
  check(context) {
    const { inputs, book } = context.signals;
    const findings = evaluateAlerts(inputs, book).filter((f) => f.severity === 'error');
    for (const finding of findings) context.report(findingReport(finding));
    context.cite(inputs.observePlace.file, 'the alerts operators are promised, with their severity');
    if (findings.length === 0) context.attest('no catalogued critical alert is firing');
  },
});
