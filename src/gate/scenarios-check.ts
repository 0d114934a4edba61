import { compareSemver, parseSemver } from '../atlas/semver.js';
import { transitionSupport } from '../atlas/transition-support.js';
import type { UpgradeScenario } from '../atlas/upgrade-scenarios.js';
import { type CheckOutcome, EvidenceList, type GateContext, type GateFinding, listInProse } from './gate-check.js';

/** The highest version below the release that is not a prerelease: the one users upgrade from. */
export function previousRelease(versions: Iterable<string>, release: string): string | undefined {
  const target = parseSemver(release);
  if (!target) return undefined;
  let best: { text: string; version: NonNullable<ReturnType<typeof parseSemver>> } | undefined;
  for (const text of versions) {
    const version = parseSemver(text);
    if (!version || version.prerelease.length > 0 || compareSemver(version, target) >= 0) continue;
    if (!best || compareSemver(version, best.version) > 0) best = { text, version };
  }
  return best?.text;
}

function scenarioName(scenario: UpgradeScenario): string {
  return scenario.id ?? scenario.file.slice(scenario.file.lastIndexOf('/') + 1).replace(/\.json$/, '');
}

/**
 * scenarios: an upgrade scenario into the release from the previous release and a
 * rollback scenario out of it back to that release, both supported by the compatibility
 * table, whose `current_version` is the release.
 */
export function scenariosCheck(context: GateContext): CheckOutcome {
  const { atlas, release } = context;
  const findings: GateFinding[] = [];
  const evidence = new EvidenceList();
  const table = atlas.compatibility;
  if (!table) {
    const file = context.config.atlas.versionCompatibility;
    findings.push({
      severity: 'error',
      message: `The version compatibility table \`${file}\` is missing or has no \`compatibility\` list: the upgrade and rollback paths of \`${release}\` cannot be checked`,
      place: { file },
    });
    return { passed: '', evidence: [], findings };
  }
  evidence.add(
    atlas,
    table.file,
    table.currentVersion === undefined ? 'no `current_version`' : `current_version \`${table.currentVersion}\``,
  );
  if (table.currentVersion !== release) {
    const says =
      table.currentVersion === undefined
        ? 'has no `current_version`'
        : `says \`current_version\` is \`${table.currentVersion}\``;
    findings.push({
      severity: 'error',
      message: `The compatibility table ${says}, not \`${release}\`: update it for the release`,
      place: { file: table.file, pointer: table.currentVersion === undefined ? '' : '/current_version' },
    });
  }
  const previous = previousRelease(
    table.rows.flatMap((row) => [row.from, row.to]),
    release,
  );
  if (previous === undefined) {
    findings.push({
      severity: 'warning',
      message: `The compatibility table has no version before \`${release}\`, so there is no upgrade into it or rollback out of it to check: add the previous release's transitions`,
      place: { file: table.file, pointer: '/compatibility' },
    });
    return { passed: '', evidence: evidence.items, findings };
  }

  const paths = [
    {
      kind: 'upgrade',
      from: previous,
      to: release,
      matches: (s: UpgradeScenario) => s.kind !== 'rollback',
      what: `upgrade scenario from \`${previous}\` into \`${release}\``,
    },
    {
      kind: 'rollback',
      from: release,
      to: previous,
      matches: (s: UpgradeScenario) => s.kind === 'rollback',
      what: `rollback scenario from \`${release}\` back to \`${previous}\``,
    },
  ] as const;
  const passed: string[] = [];
  for (const path of paths) {
    const scenarios = atlas
      .scenarios()
      .filter((s) => s.from_version === path.from && s.to_version === path.to && path.matches(s))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    const support = transitionSupport(table, path.from, path.to);
    const row = support.rows[0];
    if (row)
      evidence.add(
        atlas,
        table.file,
        `\`${path.from}\` → \`${path.to}\` ${row.supported === true ? 'supported' : 'not supported'}`,
      );
    for (const scenario of scenarios) {
      evidence.add(atlas, scenario.file, `${path.kind} \`${path.from}\` → \`${path.to}\``);
      if (!support.supported) {
        findings.push({
          severity: 'error',
          message: row
            ? `Transition \`${path.from}\` → \`${path.to}\` is marked \`supported: false\` in the compatibility table: support it or drop the scenario`
            : `Transition \`${path.from}\` → \`${path.to}\` is not in the compatibility table: add a \`supported: true\` row to \`${table.file}\` or change the scenario`,
          place: { file: scenario.file, pointer: '/from_version' },
          related: [
            row
              ? { file: table.file, pointer: `${row.pointer}/supported`, message: 'The row of this transition' }
              : { file: table.file, pointer: '/compatibility', message: 'The compatibility table' },
          ],
        });
      }
    }
    if (scenarios.length === 0) {
      const unsupported = support.supported ? '' : ', a transition the compatibility table does not support either';
      findings.push({
        severity: 'error',
        message: `There is no ${path.what}${unsupported}: add one under \`${scenarioFolder(context)}\` and a \`supported: true\` row for it`,
        place: { file: table.file, pointer: row ? row.pointer : '/compatibility' },
      });
    } else if (support.supported) {
      passed.push(`${path.kind} ${listInProse(scenarios.map(scenarioName))} (\`${path.from}\` → \`${path.to}\`)`);
    }
  }
  return {
    passed: `${capitalise(passed.join(' and '))}, supported by the compatibility table, whose current version is \`${release}\``,
    evidence: evidence.items,
    findings,
  };
}

function scenarioFolder(context: GateContext): string {
  const glob = context.config.atlas.scenarios[0] ?? '';
  return glob.replace(/[^/]*[*?[{].*$/, '') || glob;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
