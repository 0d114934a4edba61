import { defineRule } from '../../src/engine/rule.js';
import { jsonText } from '../../src/json-text.js';
import { parseDuration } from '../../src/signals/duration.js';

const rules = (forValue: string) =>
  `groups:\n  - name: serving\n    rules:\n      - alert: ServingDown\n        expr: up == 0\n        for: ${forValue}\n`;

export default defineRule({
  id: 'observe/alert-for',
  description: "Every alerting rule's `for` is a Prometheus duration",
  severity: 'error',
  inputs: (config) => config.observe.alertRules,
  messages: {
    invalid:
      '`for: {{value}}` of alert `{{alert}}` is not a Prometheus duration: write it as `5m`, `1h30m` or `90s` (units `ms`, `s`, `m`, `h`, `d`, `w`, `y`)',
  },
  rationale: `Prometheus rejects a whole rule file when one \`for\` is not a duration (\`5 minutes\`,
\`5M\`, \`1.5h\`, a bare number), so every alert in the file stops being evaluated. A Prometheus duration
is one or more \`<integer><unit>\` parts in decreasing unit order (\`1h30m\`), or \`0\`.`,
  examples: {
    valid: [{ name: 'An hour and a half', files: { 'ops/observe/alerts/serving.yaml': rules('1h30m') } }],
    invalid: [
      {
        name: 'A decimal number of hours',
        files: { 'ops/observe/alerts/serving.yaml': rules('1.5h') },
        findings: [{ file: 'ops/observe/alerts/serving.yaml', line: 6, column: 14, messageId: 'invalid' }],
      },
    ],
  },
  async check(context) {
    const observe = await context.facts.observe();
    for (const rule of observe.alertingRules) {
      if (!rule.for || !context.inScope(rule.for.place.file)) continue;
      const value = rule.for.value;
      if (typeof value === 'string' && parseDuration(value) !== undefined) continue;
      context.report({
        ...rule.for.place,
        messageId: 'invalid',
        data: { value: typeof value === 'string' ? value : jsonText(value, 200), alert: rule.alert.value },
      });
    }
  },
});
