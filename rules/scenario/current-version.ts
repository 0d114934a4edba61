import { defineRule } from '../../src/engine/rule.js';

const tree = (current: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\nappVersion: "1.4.0"\n',
  'ops/e2e/scenarios/upgrade/version-compatibility.json': `{\n  "schema_version": 1,\n  "current_version": "${current}",\n  "compatibility": []\n}\n`,
});

export default defineRule({
  id: 'scenario/current-version',
  description: "The version compatibility table's `current_version` equals the chart's `version`",
  severity: 'error',
  inputs: (config) => [config.atlas.versionCompatibility, `${config.atlas.chart.replace(/\/+$/, '')}/Chart.yaml`],
  appliesTo: { atlas: ['compatibility'] },
  messages: {
    mismatch:
      '`current_version` is `{{current}}` but the chart version is `{{chart}}`: update the table for the release or the chart',
  },
  rationale: `The compatibility table describes transitions to and from the version being released. When the
chart was bumped and the table was not (or the other way round), every "supported upgrade to current"
row describes another release. The finding is at \`current_version\`, with the chart's \`version\` in
\`Chart.yaml\` as related location.`,
  examples: {
    valid: [{ name: 'The table is current', files: tree('1.4.0') }],
    invalid: [
      {
        name: 'The chart was bumped but the table was not',
        files: tree('1.3.2'),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/version-compatibility.json', line: 3, column: 22, messageId: 'mismatch' },
        ],
      },
    ],
  },
  check(context) {
    const { compatibility: table, chart } = context.atlas;
    if (table.currentVersion === undefined || chart.version === undefined || table.currentVersion === chart.version)
      return;
    context.report({
      file: table.file,
      pointer: '/current_version',
      messageId: 'mismatch',
      data: { current: table.currentVersion, chart: chart.version },
      related: [{ file: chart.chartFile, pointer: '/version', message: "The chart's version" }],
    });
  },
});
