import { defineRule } from '../../src/engine/rule.js';

const tree = (current: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\nappVersion: "1.4.0"\n',
  'ops/e2e/scenarios/upgrade/version-compatibility.json': `{\n  "schema_version": 1,\n  "current_version": "${current}",\n  "compatibility": []\n}\n`,
});

export default defineRule({
  id: 'scenario/current-version',
  description:
    "The version compatibility table's `current_version` is the release under evaluation (the chart's `version` unless `--release` names another)",
  severity: 'error',
  inputs: (config) => [config.atlas.versionCompatibility, `${config.atlas.chart.replace(/\/+$/, '')}/Chart.yaml`],
  appliesTo: { atlas: ['compatibility'], release: true },
  gate: 'scenarios',
  messages: {
    mismatch:
      '`current_version` is `{{current}}` but the release is `{{release}}`: update the table for the release, or the chart',
    missing: 'The compatibility table has no `current_version`: set it to the release, `{{release}}`',
  },
  rationale: `The compatibility table describes transitions to and from the version being released. When the
chart was bumped and the table was not (or the other way round), every "supported upgrade to current"
row describes another release. The release is \`--release\` when one is given (\`surveyor gate\`,
\`surveyor check --release\`), else the chart's \`version\`. The finding is at \`current_version\`, with the
chart's \`version\` in \`Chart.yaml\` as related location. This is part of the release gate's \`scenarios\` check.`,
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
      {
        name: 'A table that does not say which version is current',
        files: {
          ...tree('1.4.0'),
          'ops/e2e/scenarios/upgrade/version-compatibility.json': '{ "schema_version": 1, "compatibility": [] }\n',
        },
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/version-compatibility.json', line: 1, column: 1, messageId: 'missing' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas, release } = context;
    const table = atlas.compatibility;
    const chart = atlas.chart;
    context.cite(
      table.file,
      table.currentVersion === undefined ? 'no `current_version`' : `current_version \`${table.currentVersion}\``,
    );
    if (table.currentVersion === undefined) {
      context.report({ file: table.file, pointer: '', messageId: 'missing', data: { release: release.version } });
      return;
    }
    if (table.currentVersion === release.version) {
      context.attest(`the compatibility table's current version is \`${release.version}\``);
      return;
    }
    context.report({
      file: table.file,
      pointer: '/current_version',
      messageId: 'mismatch',
      data: { current: table.currentVersion, release: release.version },
      related:
        chart.version === undefined
          ? []
          : [{ file: chart.chartFile, pointer: '/version', message: "The chart's version" }],
    });
  },
});
