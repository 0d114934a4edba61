import type { ContractProblem } from '../../src/atlas/contract-file.js';
import type { ResolvedConfig } from '../../src/config/config.js';
import { defineRule, type RelatedPlace } from '../../src/engine/rule.js';

const complete = (overrides: Record<string, string>) => ({
  'ops/k8s/install-matrix.json':
    '{\n  "schema_version": 1,\n  "profiles": [{ "name": "kind", "values_file": "ops/k8s/values/kind.yaml", "suite": "k8s-suite" }]\n}\n',
  'ops/k8s/rollout-safety-contract.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/k8s/charts/atlas/values.yaml': 'replicaCount: 1\n',
  'ops/k8s/values/kind.yaml': 'replicaCount: 2\n',
  'ops/e2e/scenarios/upgrade/version-compatibility.json':
    '{ "schema_version": 1, "current_version": "1.4.0", "compatibility": [] }\n',
  'ops/release/evidence/manifest.json': '{ "schema_version": 2, "generated_by": "collect-evidence" }\n',
  'ops/release/evidence/identity.json': '{ "schema_version": 1, "release_id": "atlas-1.4.0" }\n',
  'ops/release/evidence/policy.json': '{ "schema_version": 1, "required_paths": [] }\n',
  'ops/report/generated/readiness-score.json': '{ "schema_version": 1, "score": 100, "status": "ready" }\n',
  ...overrides,
});

/** The files whose problems this rule reports, under a config. */
function contractFiles(config: ResolvedConfig): string[] {
  const atlas = config.atlas;
  return [
    atlas.installMatrix,
    atlas.rolloutContract,
    `${atlas.chart.replace(/\/+$/, '')}/*.yaml`,
    atlas.versionCompatibility,
    atlas.evidenceManifest,
    atlas.identity,
    atlas.policy,
    atlas.readinessScore,
    '**/*.{yaml,yml}',
    '**/*.{tar,tgz,tar.gz}',
  ];
}

export default defineRule({
  id: 'atlas/contract-file',
  description:
    'Every Atlas contract file exists and can be read: the YAML files parse to maps, the evidence tarball is a whole tar archive',
  severity: 'error',
  inputs: contractFiles,
  appliesTo: { atlas: [] },
  messages: {
    missing: '`{{file}}` does not exist: add it, or set `atlas.{{key}}` to where it is',
    chartAmbiguous:
      '`ops/k8s/charts/` holds {{count}} charts ({{charts}}): set `atlas.chart` in `surveyor.config.json` to the one the install matrix deploys',
    unreadable: '`{{file}}` cannot be read: {{reason}}',
    empty: '`{{file}}` is empty: write its YAML content (`{}` for a values file without overrides)',
    yaml: '`{{file}}` is not valid YAML: {{message}}',
    shape: '{{message}}',
    tarball: 'Evidence tarball `{{file}}` is {{reason}}: collect the evidence again to rebuild it',
    tarballMember:
      'Evidence tarball `{{file}}` has a member `{{member}}` that would extract outside its folder ({{reason}}): rebuild the tarball with relative member names',
  },
  rationale: `The Atlas rules read a typed model of the contracts: the install matrix, the rollout safety
contract, the chart's \`Chart.yaml\` and \`values.yaml\`, each profile's values file, the version
compatibility table, the evidence manifest, identity and policy, the readiness score and the evidence
tarball. When one of them is missing or cannot be read, the rules that need it stay quiet about it and
this rule reports it, once, so a broken input gives one clear finding instead of a cascade.

What it reports: a missing contract file (paths come from the \`atlas\` config section, with the atlas
preset's layout as default; the chart is the single \`ops/k8s/charts/*/Chart.yaml\` folder, whatever its
name, and several charts there with no \`atlas.chart\` to choose one is a finding listing them); a YAML file that is blank, does not parse, or whose top level is not a
map; a \`Chart.yaml\` without a \`version\`; an evidence tarball that is not a tar archive, is truncated or
is corrupt (a \`.tgz\`/\`.gz\` name is inflated first), or a folder; a tarball member named \`../x\` or
\`/etc/x\` (also through a GNU long name or a pax \`path\`), or a link to a path outside the archive,
which extraction would write outside its folder. A hard-link member holds the bytes of the member it
links to. JSON syntax errors are \`json/syntax\`'s, and JSON
contracts of the wrong shape are \`schema/valid\`'s: against the repository's own schema, or surveyor's
built-in one when the repository maps none. A values file that does not exist is \`matrix/values-file\`'s.`,
  examples: {
    valid: [{ name: 'Every contract present and readable', files: complete({}) }],
    invalid: [
      {
        name: 'A profile values file that is not YAML (a tab cannot indent)',
        files: complete({ 'ops/k8s/values/kind.yaml': 'image:\n\ttag: 1.4.0\n' }),
        findings: [{ file: 'ops/k8s/values/kind.yaml', line: 2, column: 1, messageId: 'yaml' }],
      },
      {
        name: 'A chart `Chart.yaml` without a version, and a readiness score that is missing',
        files: Object.fromEntries(
          Object.entries(complete({ 'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\n' })).filter(
            ([file]) => !file.includes('readiness'),
          ),
        ),
        findings: [
          { file: 'ops/k8s/charts/atlas/Chart.yaml', line: 1, column: 1, messageId: 'shape' },
          { file: 'ops/report/generated/readiness-score.json', line: 1, column: 1, messageId: 'missing' },
        ],
      },
      {
        name: 'Two charts under `ops/k8s/charts/` and no `atlas.chart` to say which one is deployed',
        files: Object.fromEntries(
          Object.entries(
            complete({
              'ops/k8s/charts/atlas-server/Chart.yaml': 'apiVersion: v2\nname: atlas-server\nversion: 1.4.0\n',
              'ops/k8s/charts/atlas-server/values.yaml': 'replicaCount: 1\n',
              'ops/k8s/charts/atlas-worker/Chart.yaml': 'apiVersion: v2\nname: atlas-worker\nversion: 1.4.0\n',
              'ops/k8s/charts/atlas-worker/values.yaml': 'replicaCount: 1\n',
            }),
          ).filter(([file]) => !file.startsWith('ops/k8s/charts/atlas/')),
        ),
        findings: [{ file: 'ops/k8s/charts/atlas-server/Chart.yaml', line: 1, column: 1, messageId: 'chartAmbiguous' }],
      },
      {
        name: 'An evidence tarball that is not a tar archive',
        files: complete({
          'ops/release/evidence/manifest.json':
            '{\n  "schema_version": 2,\n  "generated_by": "collect-evidence",\n  "evidence_tarball": { "path": "ops/release/evidence/bundle.tar", "sha256": "0" }\n}\n',
          'ops/release/evidence/bundle.tar': 'not a tarball\n',
        }),
        findings: [{ file: 'ops/release/evidence/manifest.json', line: 4, column: 33, messageId: 'tarball' }],
      },
    ],
  },
  check(context) {
    const { config, atlas } = context;
    const candidates = config.atlas.chartCandidates;
    if (candidates)
      context.report({
        file: `${candidates[0]}/Chart.yaml`,
        messageId: 'chartAmbiguous',
        data: { count: candidates.length, charts: candidates.map((c) => `\`${c}\``).join(', ') },
      });
    for (const problem of atlas.problems)
      if (!(candidates && problem.kind === 'missing' && problem.key === 'chart')) report(problem);
    // Reading the tarball is the costly part: a run restricted to some files reads it only when they touch it.
    const tarballPath = atlas.tarballPath;
    if (
      !context.scoped ||
      context.inScope(config.atlas.evidenceManifest) ||
      (tarballPath !== undefined && context.inScope(tarballPath))
    ) {
      for (const problem of atlas.tarballProblems()) report(problem);
    }

    function report(problem: ContractProblem): void {
      switch (problem.kind) {
        case 'missing': {
          const related: RelatedPlace[] =
            config.configFile && config.explicit.has(`atlas.${problem.key}`)
              ? [{ file: config.configFile, pointer: `/atlas/${problem.key}`, message: 'Configured here' }]
              : [];
          context.report({
            file: problem.file,
            messageId: 'missing',
            data: { file: problem.file, key: problem.key },
            related,
          });
          return;
        }
        case 'unreadable':
          context.report({
            file: problem.file,
            messageId: 'unreadable',
            data: { file: problem.file, reason: problem.reason },
          });
          return;
        case 'empty':
          context.report({ file: problem.file, messageId: 'empty', data: { file: problem.file } });
          return;
        case 'yaml':
          context.report({
            file: problem.file,
            span: problem.span,
            messageId: 'yaml',
            data: { file: problem.file, message: problem.message },
          });
          return;
        case 'shape':
          context.report({
            file: problem.file,
            pointer: problem.pointer,
            messageId: 'shape',
            data: { message: problem.message },
          });
          return;
        case 'tarball-member': {
          const place = problem.at ?? { file: problem.file };
          const related: RelatedPlace[] = problem.at ? [{ file: problem.file, message: 'The tarball' }] : [];
          context.report({
            ...place,
            messageId: 'tarballMember',
            data: { file: problem.file, member: problem.member, reason: problem.reason },
            related,
          });
          return;
        }
        case 'tarball': {
          const place = problem.at ?? { file: problem.file };
          const related: RelatedPlace[] = problem.at ? [{ file: problem.file, message: 'The tarball' }] : [];
          context.report({
            ...place,
            messageId: 'tarball',
            data: { file: problem.file, reason: problem.reason },
            related,
          });
          return;
        }
      }
    }
  },
});
