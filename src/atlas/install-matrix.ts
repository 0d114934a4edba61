import type * as z from 'zod';
import { zodSchema } from '../load-package.js';
import { isObject } from './contract-file.js';
import { type Located, lenient, parseItems } from './lenient-parse.js';

const matrixProfileSchema = zodSchema((z) =>
  z.object({
    name: z.string(),
    values_file: lenient(z.string()),
    suite: lenient(z.string()),
  }),
);

const matrixScenarioSchema = zodSchema((z) =>
  z.object({
    name: lenient(z.string()),
    kind: lenient(z.string()),
    profile: lenient(z.string()),
    suite: lenient(z.string()),
    baseline_ref: lenient(z.string()),
    target_ref: lenient(z.string()),
  }),
);

/** A profile of the install matrix: a named Helm values file run in a suite. */
export type MatrixProfile = Located<z.output<ReturnType<typeof matrixProfileSchema>>>;
/** An install, upgrade or rollback scenario of the install matrix. */
export type MatrixScenario = Located<z.output<ReturnType<typeof matrixScenarioSchema>>>;

/** `ops/k8s/install-matrix.json`: profiles and the scenarios run against them. */
export interface InstallMatrix {
  file: string;
  profiles: MatrixProfile[];
  scenarios: MatrixScenario[];
}

/**
 * Reads an install matrix leniently: items that do not fit are left out (`schema/valid`
 * reports them); `undefined` when it has no `profiles` list at all, so that no rule takes
 * "no profiles" for a fact.
 */
export function readInstallMatrix(file: string, value: unknown): InstallMatrix | undefined {
  if (!isObject(value) || !Array.isArray(value.profiles)) return undefined;
  const root = value;
  return {
    file,
    profiles: parseItems(root.profiles, matrixProfileSchema(), '/profiles'),
    scenarios: parseItems(root.scenarios, matrixScenarioSchema(), '/scenarios'),
  };
}
