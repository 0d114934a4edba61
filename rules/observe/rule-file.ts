import { defineRule } from '../../src/engine/rule.js';

/** The message of each way a rule file's document cannot be read. */
const MESSAGE_OF = { noSpec: 'noSpec', noGroups: 'noGroups', notRules: 'notRules' } as const;

export default defineRule({
  id: 'observe/rule-file',
  description: 'Every alerting rule file is a Prometheus rule file or a `PrometheusRule` resource that can be read',
  severity: 'error',
  inputs: (config) => config.observe.alertRules,
  messages: {
    syntax: '`{{file}}` is not valid YAML: {{message}}',
    noSpec:
      'This `PrometheusRule` has no `spec`: put its rule groups under `spec.groups`, or Prometheus loads no rule from it',
    noGroups: 'Unexpected rule file without a `groups` list: list the rule groups under `groups`',
    notRules:
      'Unexpected document that is neither a Prometheus rule file (`groups:`) nor a `PrometheusRule`: move it out of the alert rule files',
  },
  rationale: `The files matching \`observe.alertRules\` (\`ops/observe/alerts/*.yaml\`) hold the alerting
rules, written either as plain Prometheus rule files (\`groups:\` at the top) or as prometheus-operator
\`PrometheusRule\` resources (\`apiVersion: monitoring.coreos.com/v1\`, groups under \`spec.groups\`), one or
several YAML documents per file. A document that is neither, or a \`PrometheusRule\` without a \`spec\`, holds
no rule that Prometheus will load, however many alerts it seems to define; the other \`observe/*\` rules
cannot see its alerts either.`,
  examples: {
    valid: [
      {
        name: 'A `PrometheusRule` and a plain rule file in one stream',
        files: {
          'ops/observe/alerts/serving.yaml':
            'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: serving\nspec:\n  groups:\n    - name: serving\n      rules:\n        - alert: ServingDown\n          expr: up == 0\n---\ngroups:\n  - name: platform\n    rules: []\n',
        },
      },
    ],
    invalid: [
      {
        name: 'A `PrometheusRule` whose `spec` is missing (its groups were indented under `metadata`)',
        files: {
          'ops/observe/alerts/serving.yaml':
            'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: serving\n  groups:\n    - name: serving\n      rules: []\n',
        },
        findings: [{ file: 'ops/observe/alerts/serving.yaml', line: 1, column: 1, messageId: 'noSpec' }],
      },
      {
        name: 'A rule file that is not YAML',
        files: { 'ops/observe/alerts/serving.yaml': 'groups:\n  - name: serving\n   rules: []\n' },
        findings: [{ file: 'ops/observe/alerts/serving.yaml', line: 3, column: 1, messageId: 'syntax' }],
      },
    ],
  },
  async check(context) {
    const observe = await context.facts.observe();
    for (const ruleFile of observe.alertRuleFiles) {
      if (!context.inScope(ruleFile.file)) continue;
      if (!ruleFile.parsed) {
        const problem = context.workspace
          .yamlDocuments(ruleFile.file)
          ?.flatMap((d) => d.problems)
          .at(0);
        if (problem)
          context.report({
            file: ruleFile.file,
            span: problem.span,
            messageId: 'syntax',
            data: { file: ruleFile.file, message: problem.message },
          });
        continue;
      }
      for (const problem of ruleFile.problems)
        context.report({ ...problem.place, messageId: MESSAGE_OF[problem.kind] });
    }
  },
});
