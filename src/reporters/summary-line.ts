import type { RunSummary } from '../engine/diagnostic.js';

/** `1 error`, `2 errors`, `0 infos`: a count with its noun, singular only for one. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The closing line of human-facing output, e.g.
 * `✖ 3 problems (2 errors, 1 warning, 0 infos), 12 files checked` or
 * `✔ No problems (12 files checked)`.
 */
export function summaryLine(summary: RunSummary): string {
  const problems = summary.errors + summary.warnings + summary.infos;
  const files = `${countOf(summary.files, 'file')} checked`;
  if (problems === 0) return `✔ No problems (${files})`;
  const counts = [
    countOf(summary.errors, 'error'),
    countOf(summary.warnings, 'warning'),
    countOf(summary.infos, 'info'),
  ].join(', ');
  return `✖ ${countOf(problems, 'problem')} (${counts}), ${files}`;
}
