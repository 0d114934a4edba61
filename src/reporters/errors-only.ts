import type { RunResult } from '../engine/diagnostic.js';

/** The run with only its error-level findings (`--quiet`), totals counted from them. */
export function errorsOnly(result: RunResult): RunResult {
  const diagnostics = result.report.diagnostics.filter((d) => d.severity === 'error');
  return {
    ...result,
    report: {
      ...result.report,
      summary: { ...result.report.summary, errors: diagnostics.length, warnings: 0, infos: 0 },
      diagnostics,
    },
  };
}
