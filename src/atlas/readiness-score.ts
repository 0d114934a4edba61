import { escapePointerToken } from '../workspace/json-document.js';
import { isObject } from './contract-file.js';

/** One input of the readiness verdict and its state (`pass`, `none`, `ok`, `fail`...). */
export interface ReadinessInput {
  name: string;
  value: unknown;
  pointer: string;
}

/** `readiness-score.json`: the computed readiness verdict. */
export interface ReadinessScore {
  file: string;
  score?: number;
  status?: string;
  inputs: ReadinessInput[];
  generatedFrom?: string;
}

/** Input states that count as passing. */
export const PASSING_STATES: readonly string[] = ['pass', 'none', 'ok'];

/** Reads the readiness score leniently; `undefined` when it is not an object. */
export function readReadinessScore(file: string, value: unknown): ReadinessScore | undefined {
  if (!isObject(value)) return undefined;
  const root = value;
  const readiness: ReadinessScore = {
    file,
    inputs: isObject(root.inputs)
      ? Object.entries(root.inputs).map(([name, state]) => ({
          name,
          value: state,
          pointer: `/inputs/${escapePointerToken(name)}`,
        }))
      : [],
  };
  if (typeof root.score === 'number') readiness.score = root.score;
  if (typeof root.status === 'string') readiness.status = root.status;
  if (typeof root.generated_from === 'string') readiness.generatedFrom = root.generated_from;
  return readiness;
}
