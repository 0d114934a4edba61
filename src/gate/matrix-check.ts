import { type CheckOutcome, EvidenceList, type GateContext, type GateFinding, listInProse } from './gate-check.js';

/** The install-matrix scenario kinds every release profile needs. */
const KINDS = ['install', 'upgrade', 'rollback'] as const;

/** matrix: each release profile has install, upgrade and rollback scenarios in the install matrix. */
export function matrixCheck(context: GateContext): CheckOutcome {
  const { atlas } = context;
  const matrix = atlas.installMatrix!;
  const findings: GateFinding[] = [];
  const evidence = new EvidenceList();
  evidence.add(atlas, matrix.file, 'the install matrix');
  if (context.profiles.length === 0) {
    const suites = context.config.gate.releaseSuites;
    findings.push({
      severity: 'error',
      message: `No install-matrix profile is in ${suites.length === 1 ? 'suite' : 'suites'} ${listInProse(suites, 'or')}, so the release has no profile to gate: name them with \`--profile\` or set \`gate.releaseSuites\``,
      place: { file: matrix.file, pointer: '/profiles' },
    });
    return { passed: '', evidence: evidence.items, findings };
  }
  for (const name of context.profiles) {
    const profile = matrix.profiles.find((p) => p.name === name)!;
    const kinds = new Set(matrix.scenarios.filter((s) => s.profile === name).map((s) => s.kind));
    const missing = KINDS.filter((kind) => !kinds.has(kind));
    evidence.add(
      atlas,
      matrix.file,
      `\`${name}\` (suite \`${profile.suite ?? '?'}\`): ${KINDS.filter((kind) => kinds.has(kind)).join(', ') || 'no scenarios'}`,
    );
    if (missing.length) {
      findings.push({
        severity: 'error',
        message: `Release profile \`${name}\` has no ${listInProse(missing, 'or')} scenario in the install matrix: add ${missing.length === 1 ? 'it' : 'them'} so the release is tested on every path it ships`,
        place: { file: matrix.file, pointer: profile.pointer },
      });
    }
  }
  const profiles = listInProse(context.profiles);
  return {
    passed: `${profiles} ${context.profiles.length === 1 ? 'has' : 'each have'} install, upgrade and rollback scenarios`,
    evidence: evidence.items,
    findings,
  };
}
