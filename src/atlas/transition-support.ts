import { groupBy } from '../group-by.js';
import type { CompatibilityRow, VersionCompatibility } from './version-compatibility.js';

/** How the compatibility table treats one transition: its rows, and whether one of them supports it. */
export interface TransitionSupport {
  rows: CompatibilityRow[];
  supported: boolean;
}

/** Each table's rows by transition, built on the first lookup: rules look up every scenario's transition. */
const rowsByTransition = new WeakMap<VersionCompatibility, Map<string, CompatibilityRow[]>>();

/** The rows of the table for `from` → `to`; supported when any of them says `supported: true`. */
export function transitionSupport(table: VersionCompatibility, from: string, to: string): TransitionSupport {
  let index = rowsByTransition.get(table);
  if (!index) {
    index = groupBy(table.rows, (row) => `${row.from}\u0000${row.to}`);
    rowsByTransition.set(table, index);
  }
  const rows = index.get(`${from}\u0000${to}`) ?? [];
  return { rows, supported: rows.some((row) => row.supported === true) };
}
