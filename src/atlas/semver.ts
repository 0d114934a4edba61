/** A parsed semantic version (`MAJOR.MINOR.PATCH[-prerelease][+build]`). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses a semantic version 2.0.0 string; `undefined` when it is not one. */
export function parseSemver(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

/** Orders two versions by semver precedence: negative when `a` is lower. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A version without prerelease ranks above the same version with one.
  if (a.prerelease.length === 0 || b.prerelease.length === 0)
    return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The kinds of version change an upgrade scenario can declare. */
export type ChangeKind = 'patch' | 'minor' | 'major' | 'rollback';

/**
 * The kind of change from one version to another: `rollback` when the target is lower,
 * otherwise the most significant part that grew; `undefined` when neither (same version core).
 */
export function changeKind(from: SemVer, to: SemVer): ChangeKind | undefined {
  if (compareSemver(to, from) < 0) return 'rollback';
  if (to.major > from.major) return 'major';
  if (to.major === from.major && to.minor > from.minor) return 'minor';
  if (to.major === from.major && to.minor === from.minor && to.patch > from.patch) return 'patch';
  return undefined;
}
