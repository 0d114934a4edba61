import { jsonText } from '../json-text.js';
import { PASSING_STATES, type ReadinessInput, type ReadinessScore } from './readiness-score.js';

/** Something that keeps a readiness score from supporting `ready`: a score under the threshold, or an input not passing. */
export type ReadinessShortfall =
  | { kind: 'score'; score: number; threshold: number }
  | { kind: 'input'; input: ReadinessInput; state: string };

/**
 * Why the score and inputs do not support a `ready` verdict, whatever its `status` says:
 * a score below `threshold`, and each input whose state is not `pass`, `none` or `ok`.
 */
export function readinessShortfalls(readiness: ReadinessScore, threshold: number): ReadinessShortfall[] {
  const shortfalls: ReadinessShortfall[] = [];
  if (readiness.score !== undefined && readiness.score < threshold)
    shortfalls.push({ kind: 'score', score: readiness.score, threshold });
  for (const input of readiness.inputs) {
    if (typeof input.value === 'string' && PASSING_STATES.includes(input.value)) continue;
    shortfalls.push({
      kind: 'input',
      input,
      state: typeof input.value === 'string' ? `\`${input.value}\`` : `\`${jsonText(input.value, 200)}\``,
    });
  }
  return shortfalls;
}
