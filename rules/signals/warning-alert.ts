import { defineRule } from '../../src/engine/rule.js';
import { evaluateAlerts, findingReport } from '../../src/signals/evaluate.js';
import { signalsExample, vectorAnswer } from '../../src/signals/example-signals.js';

export default defineRule({
  id: 'signals/warning-alert',
  description: 'Alerts that the alert catalog lists as warnings and that are firing are listed',
  severity: 'warning',
  inputs: (config) => [config.observe.alertCatalog],
  appliesTo: { atlas: [], release: true, signals: true },
  gate: 'signals',
  messages: {
    warningFiring: 'Alert `{{alert}}` (`{{severity}}`) is firing: look at it before promotion',
  },
  rationale: `A catalogued \`warning\` alert that fires does not block promotion, but the person promoting
should know: the gate lists each one as a warning of its \`signals\` check. Critical ones block
(\`signals/critical-alert\`, which also reports an unreadable answer). Runs in \`surveyor gate\` with
\`--prometheus\` or \`--signals\`.`,
  examples: {
    valid: [
      signalsExample('Only an alert the catalog does not list is firing', {
        'ALERTS{alertstate="firing"}': vectorAnswer([{ labels: { alertname: 'Watchdog' }, value: 1 }]),
      }),
    ],
    invalid: [
      signalsExample(
        'The latency alert firing',
        {
          'ALERTS{alertstate="firing"}': vectorAnswer([
            { labels: { alertname: 'AtlasQueryLatencyHigh', alertstate: 'firing', severity: 'warn' }, value: 1 },
          ]),
        },
        [{ file: 'ops/observe/alert-catalog.json', line: 5, column: 5, messageId: 'warningFiring' }],
      ),
    ],
  },
  check(context) {
    const { inputs, book } = context.signals;
    for (const finding of evaluateAlerts(inputs, book))
      if (finding.severity === 'warning') context.report(findingReport(finding));
  },
});
