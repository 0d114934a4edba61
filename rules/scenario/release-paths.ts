import { previousRelease } from '../../src/atlas/release.js';
import { transitionSupport } from '../../src/atlas/transition-support.js';
import type { UpgradeScenario } from '../../src/atlas/upgrade-scenarios.js';
import { defineRule } from '../../src/engine/rule.js';
import { listInProse } from '../../src/prose.js';

const scenario = (id: string, kind: string, from: string, to: string) => `{
  "schema_version": 1,
  "id": "${id}",
  "from_version": "${from}",
  "to_version": "${to}",
  "kind": "${kind}",
  "steps": ["versioned-install", "upgrade", "verify-readiness"${kind === 'rollback' ? ', "rollback", "verify-restored-state"' : ''}]
}
`;
const tree = (scenarios: Record<string, string>) => ({
  'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
  'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
  'ops/e2e/scenarios/upgrade/version-compatibility.json': `{
  "schema_version": 1,
  "current_version": "1.4.0",
  "compatibility": [
    { "from": "1.3.2", "to": "1.4.0", "kind": "minor", "supported": true },
    { "from": "1.4.0", "to": "1.3.2", "kind": "rollback", "supported": true }
  ]
}
`,
  ...scenarios,
});
const upgrade = {
  'ops/e2e/scenarios/upgrade/upgrade-minor.json': scenario('upgrade-minor', 'minor', '1.3.2', '1.4.0'),
};
const rollback = {
  'ops/e2e/scenarios/upgrade/rollback-minor.json': scenario('rollback-minor', 'rollback', '1.4.0', '1.3.2'),
};

function scenarioName(scenario: UpgradeScenario): string {
  return scenario.id ?? scenario.file.slice(scenario.file.lastIndexOf('/') + 1).replace(/\.json$/, '');
}

export default defineRule({
  id: 'scenario/release-paths',
  description:
    'The release has an upgrade scenario from the previous release and a rollback scenario back to it, both supported by the compatibility table',
  severity: 'error',
  inputs: (config) => [...config.atlas.scenarios, config.atlas.versionCompatibility],
  appliesTo: { atlas: ['compatibility'], release: true },
  gate: 'scenarios',
  messages: {
    missing: 'There is no {{what}}{{unsupported}}: add one under `{{folder}}` and a `supported: true` row for it',
  },
  rationale: `Users reach a release by upgrading from the previous one, and leave it by rolling back to it when
the upgrade goes wrong. Both paths must be tested before promotion: an upgrade scenario from the previous
release into the release under evaluation, and a rollback scenario from it back to the previous release,
each a transition the compatibility table supports. The previous release is the highest version of the
table below the release that is not a prerelease; a first release, with none before it, has no path to
check. Scenarios for transitions the table does not support are \`scenario/transition-supported\`'s. This
is the release gate's \`scenarios\` check, with \`scenario/current-version\`.`,
  examples: {
    valid: [{ name: 'An upgrade into the release and a rollback out of it', files: tree({ ...upgrade, ...rollback }) }],
    invalid: [
      {
        name: 'The upgrade is tested but the rollback is not',
        files: tree(upgrade),
        findings: [
          { file: 'ops/e2e/scenarios/upgrade/version-compatibility.json', line: 6, column: 5, messageId: 'missing' },
        ],
      },
    ],
  },
  check(context) {
    const { atlas, release } = context;
    const table = atlas.compatibility;
    const version = release.version;
    const previous = previousRelease(
      table.rows.flatMap((row) => [row.from, row.to]),
      version,
    );
    if (previous === undefined) {
      context.attest(`no release before \`${version}\` in the compatibility table, so no upgrade or rollback to test`);
      return;
    }
    const glob = context.config.atlas.scenarios[0] ?? '';
    const folder = glob.replace(/[^/]*[*?[{].*$/, '') || glob;
    const paths = [
      {
        kind: 'upgrade',
        from: previous,
        to: version,
        matches: (s: UpgradeScenario) => s.kind !== 'rollback',
        what: `upgrade scenario from \`${previous}\` into \`${version}\``,
      },
      {
        kind: 'rollback',
        from: version,
        to: previous,
        matches: (s: UpgradeScenario) => s.kind === 'rollback',
        what: `rollback scenario from \`${version}\` back to \`${previous}\``,
      },
    ] as const;
    const tested: string[] = [];
    for (const path of paths) {
      const scenarios = atlas
        .scenarios()
        .filter((s) => s.from_version === path.from && s.to_version === path.to && path.matches(s))
        .sort((a, b) => (a.file < b.file ? -1 : 1));
      const support = transitionSupport(table, path.from, path.to);
      const row = support.rows[0];
      if (row)
        context.cite(
          table.file,
          `\`${path.from}\` → \`${path.to}\` ${row.supported === true ? 'supported' : 'not supported'}`,
        );
      for (const scenario of scenarios) context.cite(scenario.file, `${path.kind} \`${path.from}\` → \`${path.to}\``);
      if (scenarios.length === 0)
        context.report({
          file: table.file,
          pointer: row ? row.pointer : '/compatibility',
          messageId: 'missing',
          data: {
            what: path.what,
            folder,
            unsupported: support.supported ? '' : ', a transition the compatibility table does not support either',
          },
        });
      else if (support.supported)
        tested.push(`${path.kind} ${listInProse(scenarios.map(scenarioName))} (\`${path.from}\` → \`${path.to}\`)`);
    }
    if (tested.length === paths.length) context.attest(`${tested.join(' and ')}, supported by the compatibility table`);
  },
});
