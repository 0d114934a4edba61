import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines around each
 * change) from `before` to `after`, by jsdiff; empty when they are equal. Line numbers are
 * offset by `firstLine - 1` so hunks point into the whole file. The headers are written
 * here, as given: they name a region of a page, not a file `patch` would open.
 */
export function unifiedDiff(
  before: string,
  after: string,
  options: { from: string; to: string; firstLine?: number; context?: number },
): string {
  if (before === after) return '';
  const shift = (options.firstLine ?? 1) - 1;
  const patch = structuredPatch(options.from, options.to, before, after, undefined, undefined, {
    context: options.context ?? 3,
  });
  for (const hunk of patch.hunks) {
    hunk.oldStart += shift;
    hunk.newStart += shift;
  }
  return `--- ${options.from}\n+++ ${options.to}\n${formatPatch(patch, OMIT_HEADERS)}`;
}
