import { defineRule } from '../../src/engine/rule.js';

const catalog = (...alerts: [string, string][]) =>
  `{\n  "schema_version": 1,\n  "alerts": [\n${alerts
    .map(([id, severity]) => `    { "id": "${id}", "severity": "${severity}" }`)
    .join(',\n')}\n  ]\n}\n`;
const prometheusRule = (...alerts: string[]) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: serving\nspec:\n  groups:\n    - name: serving\n      rules:\n${alerts
    .map((alert) => `        - alert: ${alert}\n          expr: up == 0\n          for: 5m\n`)
    .join('')}`;

export default defineRule({
  id: 'observe/alert-defined',
  description: 'Every catalogued alert is defined in an alerting rule file, and every defined alert is catalogued',
  severity: 'error',
  inputs: (config) => [config.observe.alertCatalog, ...config.observe.alertRules],
  messages: {
    undefined:
      'Alert `{{id}}` is in the catalog but no rule file defines it: add its alerting rule under `{{rules}}` or remove it from the catalog',
    uncatalogued:
      'Alert `{{id}}` is defined but not in `{{catalog}}`: catalog it with its severity, so operators know it',
    duplicate: 'Alert `{{id}}` is catalogued twice: keep one entry',
  },
  rationale: `The alert catalog is what operators are promised; the rule files are what Prometheus
evaluates. A catalogued alert that no rule defines never fires, and a defined alert that is not
catalogued pages someone with no runbook entry. Alert names (\`alert:\` in plain Prometheus rule files
and in \`PrometheusRule\` resources) and catalog ids must be the same set. The rule runs when the catalog
exists.`,
  examples: {
    valid: [
      {
        name: 'A catalog and a `PrometheusRule` that agree',
        files: {
          'ops/observe/alert-catalog.json': catalog(['ServingDown', 'critical'], ['LatencyHigh', 'warning']),
          'ops/observe/alerts/serving.yaml': prometheusRule('ServingDown', 'LatencyHigh'),
        },
      },
    ],
    invalid: [
      {
        name: 'An alert renamed in the rule file but not in the catalog',
        files: {
          'ops/observe/alert-catalog.json': catalog(['ServingDown', 'critical'], ['LatencyHigh', 'warning']),
          'ops/observe/alerts/serving.yaml': prometheusRule('ServingDown', 'LatencyP99High'),
        },
        findings: [
          { file: 'ops/observe/alert-catalog.json', line: 5, column: 5, messageId: 'undefined' },
          { file: 'ops/observe/alerts/serving.yaml', line: 12, column: 18, messageId: 'uncatalogued' },
        ],
      },
    ],
  },
  async check(context) {
    const observe = await context.facts.observe();
    const catalog = observe.alertCatalog;
    if (!catalog) return;
    // A rule file that cannot be read may define the missing alerts: `observe/rule-file` reports it instead.
    const unreadable = observe.alertRuleFiles.some((f) => !f.parsed || f.problems.length > 0);
    const defined = new Set(observe.alertingRules.map((r) => r.alert.value));
    const data = (id: string) => ({ id, catalog: catalog.file, rules: context.config.observe.alertRules.join('`, `') });
    const catalogued = new Set<string>();
    for (const alert of catalog.alerts) {
      if (catalogued.has(alert.id)) {
        context.report({ ...alert.idPlace, messageId: 'duplicate', data: data(alert.id) });
        continue;
      }
      catalogued.add(alert.id);
      if (!defined.has(alert.id) && !unreadable)
        context.report({ ...alert.place, messageId: 'undefined', data: data(alert.id) });
    }
    for (const rule of observe.alertingRules)
      if (!catalogued.has(rule.alert.value))
        context.report({ ...rule.alert.place, messageId: 'uncatalogued', data: data(rule.alert.value) });
  },
});
