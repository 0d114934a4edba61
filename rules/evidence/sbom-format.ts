import { manifestArtifacts } from '../../src/atlas/manifest-artifacts.js';
import { defineRule } from '../../src/engine/rule.js';
import { listInProse } from '../../src/prose.js';

const tree = (format: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/release/evidence/policy.json':
    '{ "schema_version": 1, "accepted_sbom_formats": ["cyclonedx-json", "spdx-json"] }\n',
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "sboms": [{ "path": "artifacts/sbom/atlas-server.json", "format": "${format}", "profile": "prod-ha" }]
}
`,
});

export default defineRule({
  id: 'evidence/sbom-format',
  description: "Every SBOM of the evidence manifest is in a format the evidence policy's `accepted_sbom_formats` lists",
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest, config.atlas.policy],
  appliesTo: { atlas: ['manifest', 'policy'] },
  gate: 'evidence',
  messages: {
    format:
      'SBOM `{{path}}` is in format `{{format}}`, which the evidence policy does not accept: produce it as {{accepted}}',
  },
  rationale: `Software bills of materials are read by tools (vulnerability scanners, license checks) that
take the formats the organisation chose, listed in the evidence policy as \`accepted_sbom_formats\`. An SBOM
in another format is evidence nobody's tooling reads. Every object of the manifest with a \`path\` and a
\`format\`, at any depth, is an SBOM; with no \`accepted_sbom_formats\`, any format is accepted. This is part of
the release gate's \`evidence\` check.`,
  examples: {
    valid: [{ name: 'A CycloneDX SBOM', files: tree('cyclonedx-json') }],
    invalid: [
      {
        name: 'An SBOM in a format the policy does not list',
        files: tree('syft-json'),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 3, column: 69, messageId: 'format' }],
      },
    ],
  },
  check(context) {
    const { manifest, policy } = context.atlas;
    const found = manifestArtifacts(context.workspace.json(manifest.file)?.value);
    const accepted = policy.acceptedSbomFormats.map((entry) => entry.value);
    let acceptedCount = 0;
    for (const sbom of found.sboms) {
      context.cite(sbom.path, `SBOM \`${sbom.format}\`${sbom.profile ? ` of \`${sbom.profile}\`` : ''}`);
      if (accepted.length === 0 || accepted.includes(sbom.format)) {
        acceptedCount++;
        continue;
      }
      context.report({
        file: manifest.file,
        pointer: `${sbom.pointer}/format`,
        messageId: 'format',
        data: { path: sbom.path, format: sbom.format, accepted: listInProse(accepted, 'or') },
        related: [{ file: policy.file, pointer: '/accepted_sbom_formats', message: 'The formats the policy accepts' }],
      });
    }
    if (found.sboms.length && acceptedCount === found.sboms.length)
      context.attest(`${found.sboms.length} SBOMs in accepted formats`);
  },
});
