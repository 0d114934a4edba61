import { toRepoPath } from '../workspace/repo-path.js';
import type { EvidenceDigest } from './evidence-manifest.js';
import type { AtlasModel, EvidenceBytes, EvidenceSource } from './model.js';

/**
 * Where a path the evidence names stands: outside the repository, present (on disk or in
 * the tarball), missing, or unknown because the evidence tarball it might be in cannot be read.
 */
export type EvidencePathState =
  | { kind: 'outside'; reason: 'absolute' | 'parent' | 'empty' }
  | { kind: 'present'; path: string; source: EvidenceSource }
  | { kind: 'missing'; path: string }
  | { kind: 'unknown'; path: string };

/** The state of a path named by the evidence manifest or policy (shared by `evidence/*` rules and the gate). */
export function evidencePathState(atlas: AtlasModel, raw: string): EvidencePathState {
  const repoPath = toRepoPath(raw);
  if (!repoPath.ok) return { kind: 'outside', reason: repoPath.reason };
  const source = atlas.exists(repoPath.path);
  if (source) return { kind: 'present', path: repoPath.path, source };
  // A tarball that is missing or unreadable is reported once; what it would hold is unknown.
  if (atlas.tarballUnavailable() && repoPath.path !== atlas.tarballPath)
    return { kind: 'unknown', path: repoPath.path };
  return { kind: 'missing', path: repoPath.path };
}

/** A sha256 written as 64 hex digits; anything else is left to `schema/valid`. */
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * What comparing a manifest digest with the bytes it describes gave: they match, the
 * evidence is stale, or the digest cannot be checked (not 64 hex digits, path outside the
 * repository, no bytes to hash, unreadable tarball), which other findings cover.
 */
export type DigestVerdict =
  | { kind: 'match'; path: string; actual: EvidenceBytes }
  | { kind: 'stale'; path: string; actual: EvidenceBytes }
  /** The path is a folder (on disk or in the tarball): no bytes can match a file's digest. */
  | { kind: 'folder'; path: string; source: EvidenceSource }
  | { kind: 'unchecked'; reason: 'format' | 'outside' | 'absent' | 'tarball' };

/** Compares one `{ path, sha256 }` claim of the manifest with the bytes on disk or in the tarball. */
export function verifyDigest(atlas: AtlasModel, claim: EvidenceDigest): DigestVerdict {
  if (!HEX_DIGEST.test(claim.sha256)) return { kind: 'unchecked', reason: 'format' };
  const repoPath = toRepoPath(claim.path);
  if (!repoPath.ok) return { kind: 'unchecked', reason: 'outside' };
  const path = repoPath.path;
  // An unreadable tarball is reported once by atlas/contract-file; its digest cannot match.
  if (path === atlas.tarballPath && atlas.tarball()?.contents.problem) return { kind: 'unchecked', reason: 'tarball' };
  const actual = atlas.digestOf(path);
  if (!actual) {
    const source = atlas.exists(path);
    return source ? { kind: 'folder', path, source } : { kind: 'unchecked', reason: 'absent' };
  }
  return { kind: actual.sha256 === claim.sha256.toLowerCase() ? 'match' : 'stale', path, actual };
}

/** Why an image digest is not a real one: not `sha256:<hex>`, the wrong length, or a repeated-digit placeholder. */
export type ImageDigestProblem =
  | { kind: 'format' }
  | { kind: 'length'; length: number }
  | { kind: 'placeholder'; why: string };

/** The problem with an image digest, `undefined` for a real `sha256:` and 64 lowercase hex digits. */
export function imageDigestProblem(digest: string): ImageDigestProblem | undefined {
  const hex = /^sha256:([0-9a-f]*)$/.exec(digest)?.[1];
  if (hex === undefined) return { kind: 'format' };
  if (hex.length !== 64) return { kind: 'length', length: hex.length };
  if (/^(.)\1*$/.test(hex))
    return { kind: 'placeholder', why: hex[0] === '0' ? 'all zeros' : `one repeated digit \`${hex[0]}\`` };
  return undefined;
}
