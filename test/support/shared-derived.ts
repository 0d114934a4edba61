import { keepDerivedValues } from '../../src/workspace/workspace.js';

/**
 * Derived values a test worker keeps: the example's pages and their mutations many times
 * over. The suite checks the example hundreds of times, each run parsing every page into
 * the same outline; with the workers' module graph shared, one parse per content serves them all.
 */
export const SHARED_DERIVED_VALUES = 20_000;

keepDerivedValues(SHARED_DERIVED_VALUES);

/**
 * Turns the worker's kept values off, for a test whose runs must derive every value anew;
 * returns what turns them back on (as `beforeAll` and `onTestFinished` take it).
 */
export function keepNoDerivedValues(): () => void {
  keepDerivedValues(0);
  return () => keepDerivedValues(SHARED_DERIVED_VALUES);
}
