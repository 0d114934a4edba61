import { compareText } from '../compare-text.js';
import type { Diagnostic, Severity } from '../engine/diagnostic.js';

/** How many findings one rule reported at one severity, and the findings themselves. */
export interface RuleCount {
  ruleId: string;
  severity: Severity;
  diagnostics: Diagnostic[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings grouped by rule and severity: errors first, then by count (most first), then by id. */
export function countsByRule(diagnostics: readonly Diagnostic[]): RuleCount[] {
  const groups = new Map<string, RuleCount>();
  for (const d of diagnostics) {
    const key = `${d.severity}\u0000${d.ruleId}`;
    const group = groups.get(key);
    if (group) group.diagnostics.push(d);
    else groups.set(key, { ruleId: d.ruleId, severity: d.severity, diagnostics: [d] });
  }
  return [...groups.values()].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      b.diagnostics.length - a.diagnostics.length ||
      compareText(a.ruleId, b.ruleId),
  );
}

/** Findings most severe first, keeping the report's order (file, line, column) within a severity. */
export function bySeverity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.index - b.index)
    .map(({ d }) => d);
}
