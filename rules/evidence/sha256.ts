import { createHash } from 'node:crypto';
import { verifyDigest } from '../../src/atlas/evidence-verification.js';
import { defineRule, type RelatedPlace } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const REPORT = '<testsuite name="upgrade" tests="1" failures="0"/>\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tree = (recorded: string, path = 'ops/report/upgrade-e2e-junit.xml') => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/report/upgrade-e2e-junit.xml': REPORT,
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "generated_by": "ops/release/collect-evidence.mjs",
  "audit_assets": {
    "upgrade_e2e_junit": {
      "path": "${path}",
      "sha256": "${recorded}"
    }
  }
}
`,
});

export default defineRule({
  id: 'evidence/sha256',
  description: 'Every sha256 in the evidence manifest matches the bytes it describes',
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest, '**'],
  appliesTo: { atlas: ['manifest'] },
  volatile: ['actual'],
  gate: 'evidence',
  messages: {
    folder: '`{{path}}` is a folder, but a sha256 describes the bytes of one file: name the file the evidence covers',
    stale:
      'The evidence for `{{path}}` is stale (sha256 `{{actual}}`, recorded `{{recorded}}`): collect the evidence again',
  },
  rationale: `A digest in the release evidence says "these are the bytes that were reviewed". When the file
changed after the evidence was collected, the evidence describes something that no longer exists: the
release would ship unreviewed bytes. Every \`{ path, sha256 }\` object of the manifest, at any depth, is
checked against the file on disk, or, when the file is not in the checkout (build outputs under
\`artifacts/\`), against the member of the evidence tarball. A \`{ site_dir, file_count, sha256 }\` summary
(\`docs_site_summary\`) is not checked: how its digest is computed is not part of the contract, and the
site it describes is a build output.

Files are hashed by streaming, once each however many entries name them, so a multi-gigabyte artifact
costs one pass and no memory. Paths that do not exist or leave the repository are \`evidence/path\`'s;
digests that are not 64 hex digits are \`schema/valid\`'s. A digest recorded for a folder is reported: no
folder has the bytes of a file, so it could never be verified.`,
  examples: {
    valid: [{ name: 'A digest that matches the file', files: tree(sha256(REPORT)) }],
    invalid: [
      {
        name: 'A report edited after the evidence was collected',
        files: tree(sha256(REPORT.replace('failures="0"', 'failures="1"'))),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 7, column: 17, messageId: 'stale' }],
      },
      {
        name: 'A digest recorded for a folder',
        files: tree(sha256(REPORT), 'ops/report'),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 6, column: 15, messageId: 'folder' }],
      },
    ],
  },
  check(context) {
    const { atlas } = context;
    const manifest = atlas.manifest;
    const tarballPath = atlas.tarballPath;
    // In a run restricted to some files, only digests of those files (or of the manifest) can change.
    const relevant = (path: string, source: 'disk' | 'tarball') =>
      !context.scoped ||
      context.inScope(manifest.file) ||
      context.inScope(source === 'disk' ? path : (tarballPath ?? ''));
    let verified = 0;
    for (const claim of manifest.digests) {
      const repoPath = toRepoPath(claim.path);
      if (!repoPath.ok) continue;
      const path = repoPath.path;
      if (!relevant(path, context.workspace.hasFile(path) ? 'disk' : 'tarball')) continue;
      const verdict = verifyDigest(atlas, claim);
      if (verdict.kind === 'folder') {
        context.report({ file: manifest.file, pointer: claim.pathPointer, messageId: 'folder', data: { path } });
        continue;
      }
      if (verdict.kind === 'match') {
        verified++;
        context.cite(verdict.path, 'sha256 matches the manifest', verdict.actual.sha256);
      }
      if (verdict.kind !== 'stale') continue;
      const actual = verdict.actual;
      const tarballAt = actual.source === 'tarball' ? atlas.tarball()?.at : undefined;
      context.cite(verdict.path, `sha256 differs from the recorded \`${claim.sha256}\``, actual.sha256);
      const related: RelatedPlace[] =
        actual.source === 'disk'
          ? [{ file: path, message: 'The file whose bytes changed' }]
          : tarballAt
            ? [{ ...tarballAt, message: `The evidence tarball holding \`${path}\`` }]
            : [];
      context.report({
        file: manifest.file,
        pointer: claim.pointer,
        messageId: 'stale',
        data: { path, actual: actual.sha256, recorded: claim.sha256 },
        related,
      });
    }
    context.attest(`${verified} digests verified`);
  },
});
