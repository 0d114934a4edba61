import { createHash } from 'node:crypto';
import { githubSlug } from '../docs/slug.js';
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

/** The text of a repo-relative file, when it can be read. */
export type SourceText = (file: string) => string | undefined;

const MARKDOWN = /\.(md|markdown)$/i;

/**
 * Stable identity of each finding that does not depend on line numbers: rule, file, JSON
 * pointer (or, for a Markdown finding without one, the slug of the heading it sits under,
 * read from `source`) and normalised message. Findings with the same identity in one run
 * are told apart by their order of occurrence. Used by SARIF `partialFingerprints` and by
 * baselines, so the two always agree.
 */
export function fingerprintFindings(diagnostics: readonly Diagnostic[], source?: SourceText): FingerprintedFinding[] {
  const seen = new Map<string, number>();
  const headings = new Map<string, Heading[] | undefined>();
  return diagnostics.map((d) => {
    const message = normaliseMessage(fingerprintMessages.get(d) ?? d.message);
    const identity: FindingIdentity = { ruleId: d.ruleId, file: d.file, message };
    if (d.pointer !== undefined) identity.pointer = d.pointer;
    else if (source && MARKDOWN.test(d.file)) {
      if (!headings.has(d.file)) {
        const text = source(d.file);
        headings.set(d.file, text === undefined ? undefined : markdownHeadings(text));
      }
      const list = headings.get(d.file);
      if (list) identity.anchor = anchorAt(list, d.line);
    }
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

/** The fingerprint of each finding (see `fingerprintFindings`). */
export function fingerprints(diagnostics: readonly Diagnostic[], source?: SourceText): string[] {
  return fingerprintFindings(diagnostics, source).map((f) => f.fingerprint);
}

interface Heading {
  line: number;
  slug: string;
}

/** The slug of the last heading at or before `line`; `''` when there is none. */
function anchorAt(headings: readonly Heading[], line: number): string {
  let low = 0;
  let high = headings.length - 1;
  let found = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (headings[middle]!.line <= line) {
      found = headings[middle]!.slug;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * ATX and setext headings of a Markdown text with their 1-based lines, skipping front
 * matter and fenced code: a line scan, since a fingerprint must not parse every page.
 */
function markdownHeadings(text: string): Heading[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const headings: Heading[] = [];
  let index = 0;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end !== -1) index = end + 1;
  }
  let fence: string | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(line))
        fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) {
      headings.push({ line: index + 1, slug: githubSlug((atx[1] ?? '').trim()) });
      continue;
    }
    const previous = lines[index - 1];
    if (
      /^ {0,3}(=+|-+)[ \t]*$/.test(line) &&
      previous !== undefined &&
      previous.trim() !== '' &&
      !/^ {0,3}(#|>|[-*+] |\d+[.)] |(=+|-+)[ \t]*$)/.test(previous)
    ) {
      headings.push({ line: index, slug: githubSlug(previous.trim()) });
    }
  }
  return headings;
}
