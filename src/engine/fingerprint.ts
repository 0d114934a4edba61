import { createHash } from 'node:crypto';
import type { Diagnostic } from './diagnostic.js';

/**
 * Normalises a message for fingerprinting: positions and counts that move with
 * unrelated edits ("line 12", "3:7") are replaced so the fingerprint survives them.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\b\d+:\d+\b/g, '#:#')
    .replace(/\b(line|column|col|offset)s? \d+/gi, '$1 #')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Stable identity of a finding that does not depend on line numbers: rule, file,
 * JSON pointer (when the finding has one) and normalised message. Findings with the
 * same identity in one run are told apart by their order of occurrence.
 */
export function fingerprints(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const identity = [d.ruleId, d.file, d.pointer ?? '', normaliseMessage(d.message)].join('\u0000');
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
