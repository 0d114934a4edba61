import { describeEscape } from '../../src/atlas/contract-file.js';
import { evidencePathState } from '../../src/atlas/evidence-verification.js';
import { defineRule, type RelatedPlace } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const tree = (reports: string) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "generated_by": "ops/release/collect-evidence.mjs",
  "identity_path": "ops/release/evidence/identity.json",
  "reports": [
    ${reports}
  ]
}
`,
  'ops/release/evidence/identity.json': '{ "schema_version": 1 }\n',
  'ops/report/generated/readiness-score.json': '{ "schema_version": 1 }\n',
});

export default defineRule({
  id: 'evidence/path',
  description:
    'Every path the evidence manifest names is inside the repository and exists on disk or in the evidence tarball',
  severity: 'error',
  inputs: (config) => [config.atlas.evidenceManifest, '**'],
  appliesTo: { atlas: ['manifest'] },
  gate: 'evidence',
  messages: {
    outside:
      '`{{path}}` is outside the repository ({{reason}}) and is never read: name the evidence by a repo-relative path',
    missing:
      '`{{path}}` is neither in the repository nor in the evidence tarball: collect the evidence again or fix the path',
  },
  rationale: `The evidence manifest is read generically, the way it grows: every object with a \`path\` (assets
alone, in named groups, in arrays), every \`*_path\` field, every list of path strings and every
\`site_dir\`, at any depth, so a new group needs no new rule. Each path must stay inside the repository
(no \`..\`, not absolute; such a path is reported and never read) and must exist, either in the checkout or,
for build outputs such as \`artifacts/...\` that are not checked in, as a member of the evidence tarball
(\`evidence_tarball.path\`, or \`atlas.evidenceTarball\`). When the tarball itself cannot be read,
\`atlas/contract-file\` reports it once and the paths it would have held are not reported again.`,
  examples: {
    valid: [{ name: 'Paths that exist', files: tree('"ops/report/generated/readiness-score.json"') }],
    invalid: [
      {
        name: 'A report that was never collected, and one outside the repository',
        files: tree(
          '"ops/report/generated/readiness-score.json",\n    "ops/report/generated/upgrade-summary.json",\n    "../../etc/passwd"',
        ),
        findings: [
          { file: 'ops/release/evidence/manifest.json', line: 7, column: 5, messageId: 'missing' },
          { file: 'ops/release/evidence/manifest.json', line: 8, column: 5, messageId: 'outside' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas } = context;
    const manifest = atlas.manifest;
    const related = (): RelatedPlace[] => {
      const at = atlas.tarball()?.at;
      return at ? [{ ...at, message: 'The evidence tarball it was looked for in' }] : [];
    };
    // In a run restricted to some files, only paths of those files (or all, for the manifest or tarball) can change.
    const everyPath =
      !context.scoped ||
      context.inScope(manifest.file) ||
      (atlas.tarballPath !== undefined && context.inScope(atlas.tarballPath));
    context.cite(manifest.file, 'the evidence manifest');
    const inTarball = atlas.tarballPath === undefined ? 'in the evidence tarball' : `in \`${atlas.tarballPath}\``;
    const present = new Set<string>();
    for (const entry of manifest.paths) {
      const place = { file: manifest.file, pointer: entry.pointer };
      const repoPath = toRepoPath(entry.path);
      if (!everyPath && !(repoPath.ok && context.inScope(repoPath.path))) continue;
      const state = evidencePathState(atlas, entry.path);
      if (state.kind === 'outside')
        context.report({
          ...place,
          messageId: 'outside',
          data: { path: entry.path, reason: describeEscape(state.reason) },
        });
      else if (state.kind === 'missing')
        context.report({ ...place, messageId: 'missing', data: { path: entry.path }, related: related() });
      else if (state.kind === 'present') {
        present.add(state.path);
        const folder =
          entry.folder === true ||
          !(state.source === 'disk'
            ? context.workspace.hasFile(state.path)
            : atlas.tarball()?.contents.members.has(state.path));
        if (folder) context.cite(state.path, 'folder');
        else if (state.source === 'tarball') context.cite(state.path, inTarball, atlas.digestOf(state.path)?.sha256);
        else context.cite(state.path);
      }
    }
    context.attest(`${present.size} artifacts present`);
  },
});
