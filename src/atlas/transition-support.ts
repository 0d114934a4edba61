import type { CompatibilityRow, VersionCompatibility } from './version-compatibility.js';

/** How the compatibility table treats one transition: its rows, and whether one of them supports it. */
export interface TransitionSupport {
  rows: CompatibilityRow[];
  supported: boolean;
}

/** The rows of the table for `from` → `to`; supported when any of them says `supported: true`. */
export function transitionSupport(table: VersionCompatibility, from: string, to: string): TransitionSupport {
  const rows = table.rows.filter((row) => row.from === from && row.to === to);
  return { rows, supported: rows.some((row) => row.supported === true) };
}
