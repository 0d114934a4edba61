import { imageDigestProblem } from '../../src/atlas/evidence-verification.js';
import { defineRule } from '../../src/engine/rule.js';

const tree = (digest: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "image_artifacts": [
    { "profile": "prod-ha", "repository": "registry.example.org/atlas/atlas-server", "digest": "${digest}" }
  ]
}
`,
});

const REAL = 'sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb';

export default defineRule({
  id: 'evidence/digest-placeholder',
  description:
    'Image digests in the evidence manifest are real: `sha256:` and 64 hex digits, not a repeated-digit placeholder',
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest],
  appliesTo: { atlas: ['manifest'] },
  gate: 'evidence',
  messages: {
    format: '`{{digest}}` is not an image digest: write `sha256:` and the 64 lowercase hex digits the registry reports',
    length: '`{{digest}}` has {{length}} hex digits, expected 64: copy the whole digest the registry reports',
    placeholder:
      '`{{digest}}` is a placeholder ({{why}}), not a real image digest: pin the digest the registry reports',
  },
  rationale: `Image artifacts pin what the release deploys by digest. Templates and hand-edited evidence often
carry placeholders such as \`sha256:1111…\` or \`sha256:0000…\`, which pass a loose pattern check and then
pin nothing: the release gate would compare against a digest no registry has. Every \`digest\` field of the
manifest, at any depth, must be \`sha256:\` followed by exactly 64 lowercase hex digits that are not all
one repeated digit.`,
  examples: {
    valid: [{ name: 'A real digest', files: tree(REAL) }],
    invalid: [
      {
        name: 'A repeated-digit placeholder',
        files: tree(`sha256:${'1'.repeat(64)}`),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 4, column: 96, messageId: 'placeholder' }],
      },
      {
        name: 'A digest cut short',
        files: tree(REAL.slice(0, 40)),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 4, column: 96, messageId: 'length' }],
      },
    ],
  },
  check(context) {
    const manifest = context.atlas.manifest;
    for (const { value: digest, pointer } of manifest.imageDigests) {
      const place = { file: manifest.file, pointer };
      const problem = imageDigestProblem(digest);
      if (problem?.kind === 'format') context.report({ ...place, messageId: 'format', data: { digest } });
      else if (problem?.kind === 'length')
        context.report({ ...place, messageId: 'length', data: { digest, length: problem.length } });
      else if (problem?.kind === 'placeholder')
        context.report({ ...place, messageId: 'placeholder', data: { digest, why: problem.why } });
    }
  },
});
