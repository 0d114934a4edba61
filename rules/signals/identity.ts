import { defineRule } from '../../src/engine/rule.js';
import { evaluateIdentity, findingReport } from '../../src/signals/evaluate.js';
import { signalsExample, vectorAnswer } from '../../src/signals/example-signals.js';

const SHA = '94d0c8cb061f821dbac38a86fbc3cbb1f10446f1';

export default defineRule({
  id: 'signals/identity',
  description:
    'What serves is the release: its version and commit in the build info, its image digest in every container',
  severity: 'error',
  inputs: (config) => [config.atlas.identity, config.atlas.evidenceManifest],
  appliesTo: { atlas: [], release: true, signals: true },
  gate: 'signals',
  volatile: ['series', 'total', 'reason'],
  messages: {
    unreadable: 'Cannot verify what is serving: {{reason}} (`{{query}}`)',
    noBuildInfo:
      'Cannot verify what is serving: no `{{metric}}` series over the window (`{{query}}`): check that Prometheus scrapes the app, or set `gate.signals.buildInfoMetric`',
    wrongVersion:
      '{{series}} of {{total}} `{{metric}}` series report version `{{served}}`, not the release `{{release}}`: the rollout has not finished, or something else serves',
    wrongCommit:
      '{{series}} of {{total}} `{{metric}}` series report commit `{{served}}`, not `{{recorded}}` that the evidence records: what serves was not built from the evidence',
    noContainers:
      "Cannot verify which images serve: no `kube_pod_container_info` series match (`{{query}}`): set `gate.signals.selector` to select the app's pods",
    noRecordedImage:
      'The evidence records no image digest for `{{profiles}}`: the running images cannot be compared with it',
    wrongImage:
      'Container `{{container}}` runs `{{served}}`, not `{{recorded}}` that the evidence records for `{{profile}}`',
  },
  rationale: `The evidence describes one build: a version, a commit (\`identity.json\`'s \`git_sha\`) and, per
profile, an image digest (the manifest's \`image_artifacts\`). Promotion is safe only when that build is the
one actually serving. The gate asks Prometheus, at \`--at\` over \`--window\`, for the build-info metric
(\`last_over_time(atlas_build_info[15m])\` by default: every series must report the release in its
\`version\` label and the evidence's commit in its \`git_sha\` label, a short commit matching its prefix) and
for kube-state-metrics' \`kube_pod_container_info\` (every running container of the app, selected by
\`gate.signals.selector\`, must run a digest the evidence records for a release profile). When either source
has no data, what serves cannot be verified, and that blocks too. Runs in \`surveyor gate\` with
\`--prometheus\` or \`--signals\`; it is the \`signals\` check.`,
  examples: {
    valid: [signalsExample('Every pod reports the release and its commit and runs the recorded image')],
    invalid: [
      signalsExample(
        'One pod still serves the previous release, and no kube-state-metrics data',
        {
          'last_over_time(atlas_build_info[15m])': vectorAnswer([
            { labels: { pod: 'atlas-0', version: '1.4.0', git_sha: SHA }, value: 1 },
            { labels: { pod: 'atlas-1', version: '1.3.2', git_sha: 'e5a1b0c' }, value: 1 },
          ]),
          'last_over_time(kube_pod_container_info{namespace="atlas"}[15m])': vectorAnswer([]),
        },
        [
          { file: 'ops/release/evidence/identity.json', line: 1, column: 1, messageId: 'wrongVersion' },
          { file: 'ops/release/evidence/identity.json', line: 1, column: 64, messageId: 'wrongCommit' },
          { file: 'ops/release/evidence/manifest.json', line: 1, column: 1, messageId: 'noContainers' },
        ],
      ),
      signalsExample(
        'A container runs another digest, and the build info is unreadable',
        {
          'last_over_time(atlas_build_info[15m])': {
            status: 'error',
            errorType: 'timeout',
            error: 'query timed out',
          },
          'last_over_time(kube_pod_container_info{namespace="atlas"}[15m])': vectorAnswer([
            {
              labels: {
                namespace: 'atlas',
                pod: 'atlas-1',
                container: 'atlas-server',
                image_id: `x@sha256:${'e'.repeat(64)}`,
              },
              value: 1,
            },
          ]),
        },
        [
          { file: 'ops/release/evidence/identity.json', line: 1, column: 1, messageId: 'unreadable' },
          { file: 'ops/release/evidence/manifest.json', line: 4, column: 17, messageId: 'wrongImage' },
        ],
      ),
      signalsExample(
        'The evidence records no image for the release profile',
        {},
        [{ file: 'ops/release/evidence/manifest.json', line: 1, column: 1, messageId: 'noRecordedImage' }],
        { 'ops/release/evidence/manifest.json': '{ "schema_version": 2, "image_artifacts": [] }\n' },
      ),
      signalsExample('No build info at all', { 'last_over_time(atlas_build_info[15m])': vectorAnswer([]) }, [
        { file: 'ops/release/evidence/identity.json', line: 1, column: 1, messageId: 'noBuildInfo' },
      ]),
    ],
  },
  check(context) {
    const { inputs, book } = context.signals;
    const findings = evaluateIdentity(inputs, book);
    for (const finding of findings) context.report(findingReport(finding));
    context.cite(inputs.identityPlace.file, 'the commit what serves must report');
    context.cite(inputs.manifestPlace.file, 'the image digests what serves must run');
    if (findings.length === 0)
      context.attest(
        `every \`${inputs.buildInfo.metric}\` series reports \`${inputs.release}\`${inputs.commit ? ` and commit \`${inputs.commit.sha.slice(0, 12)}\`` : ''}, every container runs a recorded digest`,
      );
  },
});
