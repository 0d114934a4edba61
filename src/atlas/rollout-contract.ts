import type * as z from 'zod';
import { zodSchema } from '../load-package.js';
import { isObject } from './contract-file.js';
import { type Located, lenient, parseItems } from './lenient-parse.js';

const contractProfileSchema = zodSchema((z) =>
  z.object({
    id: lenient(z.string()),
    name: z.string(),
    suite: lenient(z.string()),
    values_file: lenient(z.string()),
    rollout_mode: lenient(z.string()),
    warmup_required: lenient(z.boolean()),
    readiness_path_required: lenient(z.boolean()),
    intendedUse: lenient(z.string()),
    forbiddenToggles: lenient(z.array(z.unknown())),
    requiredToggles: lenient(z.array(z.unknown())),
    expectedResourcesClass: lenient(z.string()),
    networkPolicyModeRequired: lenient(z.string()),
    hpaPolicyRequired: lenient(z.string()),
  }),
);

/** One profile's rollout and readiness policy. */
export type ContractProfile = Located<z.output<ReturnType<typeof contractProfileSchema>>>;

/** `ops/k8s/rollout-safety-contract.json`: per-profile rollout and readiness policy. */
export interface RolloutContract {
  file: string;
  profiles: ContractProfile[];
}

/** Reads the rollout safety contract leniently (profiles without a `name` are left out); `undefined` without a `profiles` list. */
export function readRolloutContract(file: string, value: unknown): RolloutContract | undefined {
  if (!isObject(value) || !Array.isArray(value.profiles)) return undefined;
  return { file, profiles: parseItems(value.profiles, contractProfileSchema(), '/profiles') };
}
