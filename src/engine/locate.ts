import type { Range } from '../workspace/line-index.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Place } from './rule.js';

const START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/**
 * Turns a rule's place into a line/column range. A pointer is resolved in the file's
 * JSON or YAML document (a missing member falls back to its nearest existing parent);
 * a span through the file's line index; a file alone is its first position.
 */
export function locatePlace(workspace: Workspace, place: Place): Range {
  if (place.position) {
    const { start, end } = place.position;
    return { start, end: end ?? start };
  }
  if (place.span) {
    const lines = workspace.lines(place.file);
    return lines ? lines.range(place.span.start, place.span.end) : START;
  }
  if (place.pointer !== undefined) {
    const document = /\.ya?ml$/i.test(place.file) ? workspace.yaml(place.file) : workspace.json(place.file);
    if (!document) return START;
    const located = document.locate(place.pointer);
    const span = place.onKey && located.key ? located.key : located.span;
    return document.lines.range(span.start, span.end);
  }
  return START;
}
