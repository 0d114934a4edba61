import { imageDigestProblem } from '../../src/atlas/evidence-verification.js';
import { manifestArtifacts } from '../../src/atlas/manifest-artifacts.js';
import { defineRule } from '../../src/engine/rule.js';
import { groupBy } from '../../src/group-by.js';
import { listInProse } from '../../src/prose.js';

const DIGEST = 'sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb';
const tree = (profiles: readonly string[]) => ({
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [
    { "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" },
    { "name": "prod-single-zone", "values_file": "ops/k8s/values/prod-single-zone.yaml", "suite": "install-gate" }
  ]
}
`,
  'ops/release/evidence/policy.json':
    '{ "schema_version": 1, "image_digest_required_profiles": ["prod-ha", "prod-single-zone"] }\n',
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "image_artifacts": [
${profiles.map((p) => `    { "profile": "${p}", "repository": "registry.example.org/atlas/atlas-server", "digest": "${DIGEST}" }`).join(',\n')}
  ]
}
`,
});

export default defineRule({
  id: 'evidence/release-images',
  description:
    'Each release profile the evidence policy names in `image_digest_required_profiles` has an image artifact in the manifest',
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest, config.atlas.policy, config.atlas.installMatrix],
  appliesTo: { atlas: ['manifest', 'policy'], release: true },
  gate: 'evidence',
  messages: {
    missing:
      'The manifest has no image artifact for release profile `{{profile}}`, which the evidence policy requires: add the image `{{profile}}` deploys, with its digest, to the evidence',
  },
  rationale: `The evidence policy names the profiles whose image must be pinned by digest
(\`image_digest_required_profiles\`). For each release profile among them, the manifest must carry an
image artifact (an object with a \`digest\`, at any depth) of that profile; otherwise the release ships an
image nobody recorded. Whether each digest is a real one is \`evidence/digest-placeholder\`'s. This is part
of the release gate's \`evidence\` check.`,
  examples: {
    valid: [{ name: 'An image for each release profile', files: tree(['prod-ha', 'prod-single-zone']) }],
    invalid: [
      {
        name: 'The image of one release profile was left out of the evidence',
        files: tree(['prod-ha']),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 3, column: 22, messageId: 'missing' }],
      },
    ],
  },
  check(context) {
    const { atlas, release } = context;
    const { manifest, policy } = atlas;
    const found = manifestArtifacts(context.workspace.json(manifest.file)?.value);
    const requiring = new Map(policy.imageDigestRequiredProfiles.map((entry) => [entry.value, entry]));
    const pinned: string[] = [];
    const imagesOf = groupBy(found.images, (image) => image.profile);
    for (const profile of release.profiles) {
      const images = imagesOf.get(profile) ?? [];
      for (const image of images)
        context.cite(manifest.file, `image of \`${profile}\`: \`${image.repository ?? '?'}@${image.digest}\``);
      const required = requiring.get(profile);
      if (!required) continue;
      if (images.length === 0)
        context.report({
          file: manifest.file,
          pointer: found.images[0]?.pointer.replace(/\/\d+$/, '') ?? '',
          messageId: 'missing',
          data: { profile },
          related: [
            {
              file: policy.file,
              pointer: required.pointer,
              message: `The policy requires an image digest for \`${profile}\``,
            },
          ],
        });
      else if (images.some((image) => imageDigestProblem(image.digest) === undefined)) pinned.push(profile);
    }
    if (pinned.length) context.attest(`images pinned by digest for ${listInProse(pinned)}`);
  },
});
