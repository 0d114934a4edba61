import { closest } from '../../src/closest.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (sbomProfile: string) => ({
  'ops/k8s/install-matrix.json':
    '{\n  "schema_version": 1,\n  "profiles": [{ "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" }]\n}\n',
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "sboms": [
    { "path": "artifacts/sbom/atlas-server.cdx.json", "format": "cyclonedx-json", "profile": "${sbomProfile}" }
  ]
}
`,
});

export default defineRule({
  id: 'evidence/profile-coverage',
  description: 'Profiles named by image artifacts and SBOMs in the evidence manifest are install matrix profiles',
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest, config.atlas.installMatrix],
  appliesTo: { atlas: ['manifest', 'installMatrix'] },
  gate: 'evidence',
  messages: {
    unknown: 'The evidence names profile `{{profile}}`, which is not an install matrix profile: {{fix}}',
  },
  rationale: `Image artifacts and SBOMs are collected per profile, so the release gate can tell which deployed
configuration each digest and bill of materials covers. Evidence for a profile the install matrix does not
have (renamed, retired, misspelled) covers nothing that is installed, and the real profile goes without.
Every \`profile\` field of the manifest, at any depth, must name an install matrix profile.`,
  examples: {
    valid: [{ name: 'An SBOM of a matrix profile', files: tree('prod-ha') }],
    invalid: [
      {
        name: 'An SBOM of a profile that was renamed',
        files: tree('production-ha'),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 4, column: 94, messageId: 'unknown' }],
      },
    ],
  },
  check(context) {
    const { manifest, installMatrix: matrix } = context.atlas;
    const declared = matrix.profiles.map((p) => p.name);
    const names = new Set(declared);
    for (const { value: profile, pointer } of manifest.profiles) {
      if (names.has(profile)) continue;
      const hint = closest(profile, declared);
      context.report({
        file: manifest.file,
        pointer,
        messageId: 'unknown',
        data: { profile, fix: hint ? `did you mean \`${hint}\`?` : 'fix the name or add the profile to the matrix' },
        related: [{ file: matrix.file, pointer: '/profiles', message: 'The install matrix profiles' }],
      });
    }
  },
});
