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
    index = new Map();
    for (const row of table.rows) {
      // Rows whose ends are not both strings match no `from` → `to` asked for.
      if (typeof row.from !== 'string' || typeof row.to !== 'string') continue;
      const key = `${row.from}\u0000${row.to}`;
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
    rowsByTransition.set(table, index);
  }
  const rows = index.get(`${from}\u0000${to}`) ?? [];
  return { rows, supported: rows.some((row) => row.supported === true) };
}
