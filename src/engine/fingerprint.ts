import { createHash } from 'node:crypto';
import type { Diagnostic } from './diagnostic.js';

/**
 * Normalises a message for fingerprinting: positions that move with unrelated edits
 * ("line 12", "3:7") and absolute paths are replaced so the fingerprint survives them.
 */
export function normaliseMessage(message: string): string {
  return (
    message
      .replace(/\b\d+:\d+\b/g, '#:#')
      .replace(/\b(line|column|col|offset)s? \d+/gi, '$1 #')
      // Absolute paths as Node's errors quote them differ between machines and checkouts.
      .replace(/'(?:\/|[A-Za-z]:\\)[^']*'/g, "'<path>'")
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const fingerprintMessages = new WeakMap<Diagnostic, string>();

/** Records the message a finding is fingerprinted by: its message with the rule's volatile data masked. */
export function setFingerprintMessage(diagnostic: Diagnostic, message: string): void {
  fingerprintMessages.set(diagnostic, message);
}

/** What identifies a finding across runs, without line numbers. */
export interface FindingIdentity {
  ruleId: string;
  file: string;
  /** The finding's JSON pointer (JSON and YAML findings). */
  pointer?: string;
  /** For a Markdown finding without a pointer: the slug of the nearest heading at or above it (`''` before the first). */
  anchor?: string;
  /** The normalised message. */
  message: string;
}

/** A finding's identity and its fingerprint (32 hex digits). */
export interface FingerprintedFinding {
  identity: FindingIdentity;
  fingerprint: string;
}

/** A heading of a Markdown page: its first line (1-based) and GitHub's slug of its text, without the duplicate counter. */
export type HeadingAnchor = readonly [line: number, slug: string];

/**
 * The headings of a repo-relative Markdown file in page order, as remark reads the page;
 * `undefined` when the file has none to give (unreadable, too large or too nested to parse).
 */
export type HeadingAnchors = (file: string) => readonly HeadingAnchor[] | undefined;

const MARKDOWN = /\.(md|markdown)$/i;

/** True when a finding is named by the heading it sits under: a Markdown finding without a JSON pointer. */
export function isAnchored(diagnostic: Diagnostic): boolean {
  return diagnostic.pointer === undefined && MARKDOWN.test(diagnostic.file);
}

/**
 * Stable identity of each finding that does not depend on line numbers: rule, file, JSON
 * pointer (or, for a Markdown finding without one, the slug of the heading it sits under,
 * from `anchors`: a run's `headingAnchors`) and normalised message.
 */
export function findingIdentity(d: Diagnostic, anchors?: HeadingAnchors): FindingIdentity {
  return { ruleId: d.ruleId, file: d.file, message: fingerprintMessage(d), ...findingPlace(d, anchors) };
}

/** A finding's message as its identity holds it: normalised, and without its volatile data. */
export function fingerprintMessage(d: Diagnostic): string {
  return normaliseMessage(fingerprintMessages.get(d) ?? d.message);
}

/** Where a finding is, as its identity holds it: its JSON pointer, else the heading a Markdown finding sits under. */
export function findingPlace(d: Diagnostic, anchors?: HeadingAnchors): Pick<FindingIdentity, 'pointer' | 'anchor'> {
  if (d.pointer !== undefined) return { pointer: d.pointer };
  const headings = anchors && isAnchored(d) ? anchors(d.file) : undefined;
  return headings ? { anchor: anchorAt(headings, d.line) } : {};
}

/**
 * Each finding's identity (`findingIdentity`) and fingerprint: findings with the same identity
 * in one run are told apart by their order of occurrence. Used by SARIF `partialFingerprints`
 * and by baselines, so the two always agree.
 */
export function fingerprintFindings(
  diagnostics: readonly Diagnostic[],
  anchors?: HeadingAnchors,
): FingerprintedFinding[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const identity = findingIdentity(d, anchors);
    // The anchor takes the pointer's place: a file has either, never both.
    const key = [
      identity.ruleId,
      identity.file,
      identity.pointer ?? (identity.anchor === undefined ? '' : `#${identity.anchor}`),
      identity.message,
    ].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      identity,
      fingerprint: createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32),
    };
  });
}

export function fingerprints(diagnostics: readonly Diagnostic[], anchors?: HeadingAnchors): string[] {
  return fingerprintFindings(diagnostics, anchors).map((f) => f.fingerprint);
}

/** The slug of the last heading at or before `line`; `''` when there is none. */
function anchorAt(headings: readonly HeadingAnchor[], line: number): string {
  let low = 0;
  let high = headings.length - 1;
  let found = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, slug] = headings[middle]!;
    if (start <= line) {
      found = slug;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
