import path from 'node:path';
import type { AtlasConfig } from '../config/config.js';
import { derivedFact } from '../engine/facts.js';
import { DiskSource } from '../workspace/file-source.js';
import { type CommitHistory, commitHistory } from '../workspace/git-history.js';
import { compareSemver, parseSemver } from './semver.js';

/**
 * The version a release id names: the semantic version at its end, after a prefix
 * that ends with something other than a digit or a dot (`atlas-1.4.0`, `v1.4.0`, `1.4.0`).
 */
export function releaseIdVersion(releaseId: string): string | undefined {
  const match = /^(?:.*?[^0-9.])?v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(releaseId.trim());
  return match && parseSemver(match[1]!) ? match[1] : undefined;
}

/** The highest version below the release that is not a prerelease: the one users upgrade from. */
export function previousRelease(versions: Iterable<string>, release: string): string | undefined {
  const target = parseSemver(release);
  if (!target) return undefined;
  let best: { text: string; version: NonNullable<ReturnType<typeof parseSemver>> } | undefined;
  for (const text of versions) {
    const version = parseSemver(text);
    if (!version || version.prerelease.length > 0 || compareSemver(version, target) >= 0) continue;
    if (!best || compareSemver(version, best.version) > 0) best = { text, version };
  }
  return best?.text;
}

/** The folder the evidence is collected into (the manifest's), with a trailing `/`; `''` at the root. */
export function evidenceFolder(manifestFile: string): string {
  const folder = path.posix.dirname(manifestFile);
  return folder === '.' ? '' : `${folder}/`;
}

/**
 * Whether a change to `file` after the evidence was collected changes the release. The
 * release is built from the chart, the values, the contracts and the source; it is not
 * changed by the evidence folder (where the evidence and `identity.json` are written after
 * the commit they describe), by the readiness score (computed from the evidence), nor by
 * Markdown pages (docs, whose generated regions may embed the identity commit itself).
 */
export function changesRelease(file: string, config: AtlasConfig): boolean {
  const folder = evidenceFolder(config.evidenceManifest);
  if (folder === '' ? file === config.evidenceManifest : file.startsWith(folder)) return false;
  if (file === config.readinessScore) return false;
  return !/\.(md|markdown)$/i.test(file);
}

/**
 * Where a commit (id, tag or branch name) stands in the git history of the run's root, asked
 * of git once per commit and run; `not-checkout` when the files are not read from disk. The
 * changed files leave out what surveyor never reads (the `ignore` globs: its own cache under
 * `node_modules`, even where a repository tracks it), which the release is not built from.
 */
export const commitHistoryOf = derivedFact((facts) => {
  const histories = new Map<string, CommitHistory>();
  return (commit: string): CommitHistory => {
    let history = histories.get(commit);
    if (!history) {
      const source = facts.workspace.source;
      history = source instanceof DiskSource ? commitHistory(source.root, commit) : { kind: 'not-checkout' };
      if (history.kind === 'ancestor') {
        const ignored = facts.workspace.matcher(facts.config.ignore);
        history = { ...history, changed: history.changed.filter((file) => !ignored(file)) };
      }
      histories.set(commit, history);
    }
    return history;
  };
});
