import type { PlacedString } from '../../src/atlas/observe-contracts.js';
import { MAX_PROMQL_LENGTH, parsePromql, problemSpan } from '../../src/atlas/promql.js';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';

type MessageId = 'syntax' | 'incomplete' | 'empty' | 'tooLong';

const measurement = (promql: string) =>
  `{\n  "schema_version": 1,\n  "measurement_method": {\n    "availability": {\n      "promql": ${JSON.stringify(promql)},\n      "evaluation_interval": "1m"\n    }\n  }\n}\n`;

export default defineRule({
  id: 'observe/promql-syntax',
  description: 'Every PromQL expression of the SLO measurements and the alerting rules parses',
  severity: 'error',
  inputs: (config) => [config.observe.sloMeasurement, ...config.observe.alertRules],
  messages: {
    syntax: 'The PromQL expression does not parse at `{{near}}`: fix it so that Prometheus can evaluate it',
    incomplete: 'The PromQL expression ends before it is complete: finish it so that Prometheus can evaluate it',
    empty: 'The PromQL expression is empty: write the query that measures it',
    tooLong: `The PromQL expression is {{length}} characters long, more than the ${MAX_PROMQL_LENGTH} surveyor parses: split it into recording rules`,
  },
  rationale: `An SLO is only as real as the query that measures it, and an alert only fires if Prometheus
can evaluate its \`expr\`. A query that does not parse fails when Prometheus loads the rule file (the
whole file is rejected) or when the release gate asks for the SLO's value, which is the worst moment to
find a typo. Each \`promql\` of \`slo-measurement.json\` and each \`expr\` of the alerting rule files
(plain Prometheus rule files and \`PrometheusRule\` resources) is parsed with the Prometheus project's
own grammar (\`@prometheus-io/lezer-promql\`); the finding is at the line and column of the error
inside the file, escapes and YAML block scalars included.`,
  examples: {
    valid: [
      {
        name: 'A ratio of rates, and an alert over a recording rule',
        files: {
          'ops/observe/slo-measurement.json': measurement(
            'sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
          ),
          'ops/observe/alerts/serving.yaml':
            'groups:\n  - name: serving\n    rules:\n      - alert: AvailabilityLow\n        expr: |\n          job:availability:ratio_rate5m\n            < 0.999\n        for: 10m\n',
        },
      },
    ],
    invalid: [
      {
        name: 'A measurement with an unclosed parenthesis, and an alert with a stray operator in a block scalar',
        files: {
          'ops/observe/slo-measurement.json': measurement('sum(rate(http_requests_total[5m])'),
          'ops/observe/alerts/serving.yaml':
            'groups:\n  - name: serving\n    rules:\n      - alert: LatencyHigh\n        expr: |\n          histogram_quantile(0.99, rate(latency_bucket[5m]))\n            > * 0.5\n        for: 10m\n',
        },
        findings: [
          { file: 'ops/observe/alerts/serving.yaml', line: 7, column: 15, messageId: 'syntax' },
          { file: 'ops/observe/slo-measurement.json', line: 5, column: 51, messageId: 'incomplete' },
        ],
      },
    ],
  },
  async check(context) {
    const observe = await context.facts.observe();
    for (const entry of observe.sloMeasurements?.measurements ?? [])
      if (entry.promql) checkExpression(context, entry.promql, 'json');
    for (const file of observe.alertRuleFiles)
      for (const document of file.documents)
        for (const group of document.groups)
          for (const rule of group.rules) if (rule.expr) checkExpression(context, rule.expr, 'yaml');
  },
});

function checkExpression(context: RuleContext<MessageId>, expression: PlacedString, format: 'json' | 'yaml'): void {
  const { place } = expression;
  if (!context.inScope(place.file)) return;
  const problem = parsePromql(expression.value);
  if (!problem) return;
  const text = context.workspace.text(place.file);
  const valueSpan = place.span ?? context.workspace.json(place.file)?.locate(place.pointer).span;
  if (problem.kind === 'empty' || problem.kind === 'tooLong' || !text.ok || !valueSpan) {
    const data: Record<string, string | number> = problem.kind === 'tooLong' ? { length: problem.length } : {};
    const messageId = problem.kind === 'empty' || problem.kind === 'tooLong' ? problem.kind : 'syntax';
    context.report({ ...place, messageId, data: { near: '', ...data } });
    return;
  }
  const source = text.text.slice(valueSpan.start, valueSpan.end);
  const span = problemSpan(problem, source, valueSpan.start, format);
  context.report({
    file: place.file,
    pointer: place.pointer,
    ...(span ? { span } : {}),
    messageId: problem.kind,
    data: problem.kind === 'syntax' ? { near: problem.near } : {},
  });
}
