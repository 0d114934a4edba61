import { releaseIdVersion } from '../../src/atlas/release.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (releaseId: string, appVersion = '1.4.0') => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': `apiVersion: v2\nname: atlas\nversion: 1.4.0\nappVersion: "${appVersion}"\n`,
  'ops/release/evidence/identity.json': `{\n  "schema_version": 1,\n  "release_id": "${releaseId}",\n  "git_sha": "94d0c8cb061f821dbac38a86fbc3cbb1f10446f1"\n}\n`,
});

export default defineRule({
  id: 'identity/release',
  description:
    "`identity.json`'s release id and the chart's `version` and `appVersion` name the release under evaluation",
  severity: 'error',
  inputs: (config) => [config.atlas.identity, `${config.atlas.chart.replace(/\/+$/, '')}/Chart.yaml`],
  appliesTo: { atlas: [], release: true },
  gate: 'identity',
  messages: {
    noReleaseId: '`{{file}}` has no `release_id`: record the release the evidence was collected for, `{{release}}`',
    releaseId: 'Release id `{{releaseId}}` {{says}}, not `{{release}}`: collect the evidence for `{{release}}`',
    chartVersion:
      'The chart version is `{{version}}`, not `{{release}}`: set `version` in `{{chartFile}}` to the release',
    appVersion: "The chart's `appVersion` is `{{appVersion}}`, not `{{release}}`: set it to the release",
  },
  rationale: `Evidence is collected for one release, and the release is built from one chart. When
\`identity.json\` names another release, or the chart's \`version\` or \`appVersion\` is another version, the
evidence, the chart and the release being promoted describe three different things. The release under
evaluation is \`--release\` (\`surveyor gate --release X.Y.Z\`, or \`surveyor check --release X.Y.Z\`), else
the chart's \`version\`, so in a plain \`surveyor check\` this rule compares the identity with the chart.
A release id names its version at its end (\`atlas-1.4.0\`, \`v1.4.0\`, \`1.4.0\`). This is the release
gate's \`identity\` check, with \`identity/commit\`.`,
  examples: {
    valid: [{ name: 'The identity and the chart name the release', files: tree('atlas-1.4.0') }],
    invalid: [
      {
        name: 'Evidence collected for the previous release, and an `appVersion` left behind',
        files: tree('atlas-1.3.2', '1.3.2'),
        findings: [
          { file: 'ops/k8s/charts/atlas/Chart.yaml', line: 4, column: 13, messageId: 'appVersion' },
          { file: 'ops/release/evidence/identity.json', line: 3, column: 17, messageId: 'releaseId' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas, release } = context;
    const version = release.version;
    const { identity, chart } = atlas;
    if (identity) {
      const described = [
        identity.release_id && `release \`${identity.release_id}\``,
        identity.git_sha && `commit \`${identity.git_sha}\``,
      ].filter(Boolean);
      context.cite(identity.file, described.join(', ') || undefined);
      const releaseId = identity.release_id;
      const named = releaseId === undefined ? undefined : releaseIdVersion(releaseId);
      if (releaseId === undefined)
        context.report({
          file: identity.file,
          pointer: '',
          messageId: 'noReleaseId',
          data: { file: identity.file, release: version },
        });
      else if (named !== version)
        context.report({
          file: identity.file,
          pointer: '/release_id',
          messageId: 'releaseId',
          data: {
            releaseId,
            release: version,
            says: named === undefined ? 'names no version' : `is release \`${named}\``,
          },
        });
      else context.attest(`release id \`${releaseId}\``);
    }
    if (chart.version === undefined) return;
    context.cite(
      chart.chartFile,
      `version \`${chart.version}\`${chart.appVersion === undefined ? '' : `, appVersion \`${chart.appVersion}\``}`,
    );
    if (chart.version !== version)
      context.report({
        file: chart.chartFile,
        pointer: '/version',
        messageId: 'chartVersion',
        data: { version: chart.version, release: version, chartFile: chart.chartFile },
      });
    if (chart.appVersion !== undefined && chart.appVersion !== version)
      context.report({
        file: chart.chartFile,
        pointer: '/appVersion',
        messageId: 'appVersion',
        data: { appVersion: chart.appVersion, release: version },
      });
    if (chart.version === version && (chart.appVersion === undefined || chart.appVersion === version))
      context.attest(`chart \`${chart.version}\``);
  },
});
