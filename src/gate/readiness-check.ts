import { readinessShortfalls } from '../atlas/readiness-verdict.js';
import { toRepoPath } from '../workspace/repo-path.js';
import { type CheckOutcome, EvidenceList, type GateContext, type GateFinding } from './gate-check.js';

/**
 * readiness: the readiness score says `ready`, with a score at the threshold (the higher of
 * `atlas.readinessThreshold` and the policy's `minimum_readiness_score`) and every input passing.
 */
export function readinessCheck(context: GateContext): CheckOutcome {
  const { atlas } = context;
  const findings: GateFinding[] = [];
  const evidence = new EvidenceList();
  const readiness = atlas.readiness;
  if (!readiness) {
    const file = context.config.atlas.readinessScore;
    findings.push({
      severity: 'error',
      message: `The readiness score \`${file}\` is missing or not a JSON object: compute it for \`${context.release}\``,
      place: { file },
    });
    return { passed: '', evidence: [], findings };
  }
  const threshold = Math.max(context.config.atlas.readinessThreshold, atlas.policy?.minimumReadinessScore ?? 0);
  evidence.add(
    atlas,
    readiness.file,
    `score ${readiness.score ?? 'missing'}, status \`${readiness.status ?? 'missing'}\`, threshold ${threshold}`,
  );
  const file = readiness.file;
  if (readiness.status !== 'ready') {
    const says = readiness.status === undefined ? 'has no `status`' : `says \`${readiness.status}\``;
    findings.push({
      severity: 'error',
      message: `The readiness score ${says}, not \`ready\`: resolve what blocks the release and compute the score again`,
      place: { file, pointer: readiness.status === undefined ? '' : '/status' },
    });
  }
  if (readiness.score === undefined) {
    findings.push({
      severity: 'error',
      message: 'The readiness score has no `score`: compute the score again',
      place: { file, pointer: '' },
    });
  }
  for (const shortfall of readinessShortfalls(readiness, threshold)) {
    if (shortfall.kind === 'score') {
      // Where `readiness/consistent` reports it for a `ready` status, so the two are one finding.
      const pointer = readiness.status === 'ready' ? '/status' : '/score';
      findings.push({
        severity: 'error',
        message: `The readiness score is ${shortfall.score}, below the threshold ${shortfall.threshold}: fix what lowers it and compute the score again`,
        place: { file, pointer },
      });
    } else {
      findings.push({
        severity: 'error',
        message: `Readiness input \`${shortfall.input.name}\` is ${shortfall.state}: a ready release needs every input \`pass\`, \`none\` or \`ok\``,
        place: { file, pointer: shortfall.input.pointer },
      });
    }
  }
  if (readiness.generatedFrom !== undefined) {
    const repoPath = toRepoPath(readiness.generatedFrom);
    if (repoPath.ok && atlas.workspace.hasFile(repoPath.path))
      evidence.add(atlas, repoPath.path, 'what the readiness score was computed from');
  }
  const inputs = readiness.inputs.length;
  return {
    passed: `Status \`ready\` with score ${readiness.score} of threshold ${threshold}, ${inputs} ${inputs === 1 ? 'input' : 'inputs'} passing`,
    evidence: evidence.items,
    findings,
  };
}
