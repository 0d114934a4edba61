import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChangeLedger } from '../cache/rule-cache.js';
import { NEVER_READ } from '../config/config.js';
import { UsageError } from '../errors.js';
import { contentIdOf, DiskSource, type FileSource, MemorySource } from '../workspace/file-source.js';
import { checkoutHead, resolveCommit } from '../workspace/git.js';
import { GitSnapshotError, GitSource } from '../workspace/git-source.js';
import { picomatch } from '../workspace/workspace.js';
import type { ChangeComparison, Diagnostic, RunResult, Severity } from './diagnostic.js';
import { findingPlace, fingerprintMessage, type HeadingAnchors } from './fingerprint.js';
import { type CheckOptions, messageIdOf, runCheck } from './run.js';

/** What a change is compared with: the index against HEAD (pre-commit), or the working tree against a commit. */
export type ChangeBase = { kind: 'staged' } | { kind: 'since'; ref: string };

/** Options of a change check: a check run on a git checkout, compared with a base. */
export type ChangeCheckOptions = Omit<CheckOptions, 'source' | 'session' | 'files'> & {
  root: string;
  base: ChangeBase;
};

/** The two snapshots a change check compares, and the files that differ between them. */
export interface ChangeSources {
  /** What is judged: the index (`staged`) or the working tree (`since`). */
  current: FileSource;
  /** What it is compared with: HEAD's tree (empty before the first commit), or the commit REF names. */
  base: FileSource;
  /** How the base is shown: `HEAD` or the REF as given. */
  label: string;
  /** Paths added, deleted, renamed (both ends) or modified between them, sorted. */
  changed: string[];
}

/** Opens both sides of a change check; throws `UsageError` when the root is not in a git checkout or REF names no commit. */
export function openChangeSources(root: string, base: ChangeBase): ChangeSources {
  const flag = base.kind === 'staged' ? '--staged' : '--changed-since';
  const checkout = checkoutHead(root);
  if (checkout === undefined)
    throw new UsageError(`\`${flag}\` compares with git's history, but \`${root}\` is not inside a git checkout`);
  try {
    let current: FileSource;
    let baseSource: FileSource;
    let label: string;
    if (base.kind === 'staged') {
      const index = new GitSource(root, { kind: 'index' });
      current = index;
      const head = checkout.head;
      // Before the first commit every staged file is new. After it, HEAD is the index but for what is staged.
      baseSource = head
        ? (GitSource.commitBesideIndex(index, head) ?? new GitSource(root, { kind: 'commit', commit: head }))
        : new MemorySource({}, root);
      label = 'HEAD';
    } else {
      const commit = resolveCommit(root, base.ref);
      if (!commit) throw new UsageError(`\`--changed-since ${base.ref}\` names no commit of this checkout`);
      current = new DiskSource(root, [...NEVER_READ]);
      baseSource = new GitSource(root, { kind: 'commit', commit });
      label = base.ref;
    }
    // What no run reads is no change: surveyor's own cache under an untracked `node_modules`, for one.
    const neverRead = picomatch()([...NEVER_READ], { dot: true });
    const changed = changedFiles(current, baseSource).filter((file) => !neverRead(file));
    return { current, base: baseSource, label, changed };
  } catch (error) {
    if (error instanceof GitSnapshotError) throw new UsageError(error.message);
    throw error;
  }
}

/** Paths whose content differs between two sources, or that only one of them has. */
export function changedFiles(a: FileSource, b: FileSource): string[] {
  const identities = (source: FileSource) => {
    const ids = new Map<string, string>();
    for (const entry of source.list()) {
      let id: string;
      if (entry.escapes) id = `link:${entry.escapes.target}`;
      else if (entry.unreadable) id = `unreadable:${entry.unreadable.kind}`;
      else {
        try {
          id = contentIdOf(source, entry.path);
        } catch {
          id = 'unreadable';
        }
      }
      ids.set(entry.path, id);
    }
    return ids;
  };
  const left = identities(a);
  const right = identities(b);
  const changed = new Set<string>();
  for (const [file, id] of left) if (right.get(file) !== id) changed.add(file);
  for (const file of right.keys()) if (!left.has(file)) changed.add(file);
  return [...changed].sort();
}

/**
 * Checks what a change makes of the repository and keeps only the findings that are the
 * change's: those located in a changed file, and those anywhere else that the base does not
 * have (matched by fingerprint, never by line). The rest existed before; they are counted in
 * `report.changes.existing` and never fail the run. Nothing changed: nothing to check.
 */
export async function runChangeCheck(options: ChangeCheckOptions): Promise<RunResult> {
  const started = performance.now();
  const sources = openChangeSources(options.root, options.base);
  const { base, root, ...common } = options;
  const result = await checkChange(sources, { ...common, staged: base.kind === 'staged' });
  result.report.root = path.relative(process.cwd(), path.resolve(root)).split(path.sep).join('/') || '.';
  result.report.summary.durationMs = Math.round(performance.now() - started);
  return result;
}

/**
 * The comparison of a change check, once both sides are open: checks `sources.current` and
 * keeps the findings that `sources.base` does not have or that lie in a changed file. With a
 * cache, the base side takes each rule's findings for unchanged files from the current side
 * where its keys start the same (see `ChangeLedger`).
 */
export async function checkChange(
  sources: ChangeSources,
  options: Omit<CheckOptions, 'source' | 'session' | 'files' | 'change'> & { staged: boolean },
): Promise<RunResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const { staged, ...common } = options;
  const comparison: ChangeComparison = { against: sources.label, staged, changed: sources.changed, existing: 0 };
  const ledger = new ChangeLedger(sources.changed);
  // Nothing changed: no rule runs, so an amend or an empty commit costs a listing only.
  const current = await runCheck({
    ...common,
    source: sources.current,
    now,
    change: { ledger, role: 'record' },
    ...(sources.changed.length ? {} : { only: [] }),
  });
  if (sources.changed.length === 0) return withDiagnostics(current, [], comparison, started);
  const before = await runCheck({ ...common, source: sources.base, now, change: { ledger, role: 'reuse' } });
  const changed = new Set(sources.changed);
  const known = new Set(changeIdentities(before.report.diagnostics, before.headingAnchors));
  const ids = changeIdentities(current.report.diagnostics, current.headingAnchors);
  const theirs = current.report.diagnostics.filter((d, index) => changed.has(d.file) || !known.has(ids[index]!));
  comparison.existing = current.report.diagnostics.length - theirs.length;
  return withDiagnostics(current, theirs, comparison, started);
}

/**
 * What makes two findings the same one across a change: the rule, the file, the place
 * (JSON pointer, else the heading a Markdown finding sits under) and the message id, not
 * its wording, which may quote values the change moved (a stale file's new sha256), and
 * the rank among equal ones.
 */
function changeIdentities(diagnostics: readonly Diagnostic[], anchors: HeadingAnchors | undefined): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic, index) => {
    const { pointer, anchor } = findingPlace(diagnostic, anchors);
    const place = pointer ?? (anchor === undefined ? '' : `#${anchor}`);
    const message = messageIdOf(diagnostics[index]!) ?? fingerprintMessage(diagnostic);
    const key = [diagnostic.ruleId, diagnostic.file, place, message].join('\0');
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return `${key}\0${rank}`;
  });
}

function withDiagnostics(
  result: RunResult,
  diagnostics: Diagnostic[],
  changes: ChangeComparison,
  started: number,
): RunResult {
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
  return {
    ...result,
    report: {
      ...result.report,
      summary: {
        ...result.report.summary,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
        durationMs: Math.round(performance.now() - started),
      },
      diagnostics,
      changes,
    },
  };
}
