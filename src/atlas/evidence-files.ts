import * as z from 'zod';
import { isObject } from './contract-file.js';
import { lenient } from './lenient-parse.js';

const IdentitySchema = z.object({
  git_sha: lenient(z.string()),
  governance_version: lenient(z.string()),
  release_id: lenient(z.string()),
});

/** `identity.json`: the commit and release the evidence was collected from. */
export type EvidenceIdentity = z.output<typeof IdentitySchema> & { file: string };

/** Reads the evidence identity leniently; `undefined` when it is not an object. */
export function readEvidenceIdentity(file: string, value: unknown): EvidenceIdentity | undefined {
  return isObject(value) ? { ...IdentitySchema.parse(value), file } : undefined;
}

/** A string of a policy list, with its pointer. */
export interface PolicyEntry {
  value: string;
  pointer: string;
}

/** `policy.json`: what a release must carry. */
export interface EvidencePolicy {
  file: string;
  requiredPaths: PolicyEntry[];
  acceptedSbomFormats: PolicyEntry[];
  imageDigestRequiredProfiles: PolicyEntry[];
  minimumReadinessScore?: number;
}

function entries(list: unknown, pointer: string): PolicyEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, index) => (typeof value === 'string' ? [{ value, pointer: `${pointer}/${index}` }] : []));
}

/** Reads the evidence policy leniently; `undefined` when it is not an object. */
export function readEvidencePolicy(file: string, value: unknown): EvidencePolicy | undefined {
  if (!isObject(value)) return undefined;
  const root = value;
  const policy: EvidencePolicy = {
    file,
    requiredPaths: entries(root.required_paths, '/required_paths'),
    acceptedSbomFormats: entries(root.accepted_sbom_formats, '/accepted_sbom_formats'),
    imageDigestRequiredProfiles: entries(root.image_digest_required_profiles, '/image_digest_required_profiles'),
  };
  const minimum = z.number().safeParse(root.minimum_readiness_score);
  if (minimum.success) policy.minimumReadinessScore = minimum.data;
  return policy;
}
