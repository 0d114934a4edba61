import { keepDerivedValues } from '../../src/workspace/workspace.js';

/**
 * Derived values a test worker keeps: the example's pages and their mutations many times
 * over. The suite checks the example hundreds of times, each run parsing every page into
 * the same outline; with the workers' module graph shared, one parse per content serves them all.
 */
export const SHARED_DERIVED_VALUES = 20_000;

keepDerivedValues(SHARED_DERIVED_VALUES);
