import { defineRule } from '../../src/engine/rule.js';
import { firstBy, groupBy } from '../../src/group-by.js';
import { listInProse } from '../../src/prose.js';

/** The install-matrix scenario kinds every release profile needs. */
const KINDS = ['install', 'upgrade', 'rollback'] as const;

const tree = (kinds: readonly string[]) => ({
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [
    { "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" }
  ],
  "scenarios": [
${kinds.map((kind) => `    { "name": "prod-ha-${kind}", "kind": "${kind}", "profile": "prod-ha", "suite": "install-gate" }`).join(',\n')}
  ]
}
`,
});

export default defineRule({
  id: 'matrix/release-coverage',
  description: 'Each release profile has install, upgrade and rollback scenarios in the install matrix',
  severity: 'error',
  inputs: (config) => [config.atlas.installMatrix],
  appliesTo: { atlas: ['installMatrix'], release: true },
  gate: 'matrix',
  messages: {
    noProfiles:
      'No install-matrix profile is in {{suites}}, so the release has no profile to gate: name them with `--profile` or set `gate.releaseSuites`',
    missing:
      'Release profile `{{profile}}` has no {{kinds}} scenario in the install matrix: add {{them}} so the release is tested on every path it ships',
  },
  rationale: `A release ships to its release profiles: the install-matrix profiles of the suites in
\`gate.releaseSuites\` (\`install-gate\` by default), or the ones \`--profile\` names. Each must be tested on every
path a user takes: a fresh install, an upgrade from the previous release and a rollback from it. A
profile without one of those scenarios ships a path nobody ran. This is the release gate's \`matrix\` check.`,
  examples: {
    valid: [{ name: 'A release profile with all three scenarios', files: tree(KINDS) }],
    invalid: [
      {
        name: 'A release profile that is never rolled back',
        files: tree(['install', 'upgrade']),
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 4, column: 5, messageId: 'missing' }],
      },
    ],
  },
  check(context) {
    const { atlas, release } = context;
    const matrix = atlas.installMatrix;
    context.cite(matrix.file, 'the install matrix');
    if (release.profiles.length === 0) {
      const suites = context.config.gate.releaseSuites;
      context.report({
        file: matrix.file,
        pointer: '/profiles',
        messageId: 'noProfiles',
        data: { suites: `${suites.length === 1 ? 'suite' : 'suites'} ${listInProse(suites, 'or')}` },
      });
      return;
    }
    let covered = 0;
    // Indexed once, not scanned once per release profile.
    const profileNamed = firstBy(matrix.profiles, (p) => p.name);
    const scenariosOf = groupBy(matrix.scenarios, (s) => s.profile);
    for (const name of release.profiles) {
      const profile = profileNamed.get(name);
      if (!profile) continue;
      const kinds = new Set((scenariosOf.get(name) ?? []).map((s) => s.kind));
      const missing = KINDS.filter((kind) => !kinds.has(kind));
      context.cite(
        matrix.file,
        `\`${name}\` (suite \`${profile.suite ?? '?'}\`): ${KINDS.filter((kind) => kinds.has(kind)).join(', ') || 'no scenarios'}`,
      );
      if (missing.length === 0) covered++;
      else
        context.report({
          file: matrix.file,
          pointer: profile.pointer,
          messageId: 'missing',
          data: { profile: name, kinds: listInProse(missing, 'or'), them: missing.length === 1 ? 'it' : 'them' },
        });
    }
    if (covered === release.profiles.length)
      context.attest(
        `${listInProse(release.profiles)} ${release.profiles.length === 1 ? 'has' : 'each have'} install, upgrade and rollback scenarios`,
      );
  },
});
