import { canonicalBaseline, canonicalDiagnostic } from '../reporters/json.js';
import type { EvidenceItem, GateCheck, GateResult } from './gate-report.js';

/** The gate report as JSON (`schemas/gate-report.schema.json`): keys in the contract's order, nothing else. */
export function formatGateJson(result: GateResult): string {
  const { report } = result;
  const canonical = {
    verdict: report.verdict,
    release: report.release,
    profiles: report.profiles,
    checks: report.checks.map(canonicalCheck),
    ...(report.baseline === undefined
      ? {}
      : {
          baseline: {
            ...canonicalBaseline(report.baseline),
            ignoredFor: report.baseline.ignoredFor,
            ignored: report.baseline.ignored,
          },
        }),
    ...(report.waivers === undefined
      ? {}
      : {
          waivers: {
            file: report.waivers.file,
            entries: report.waivers.entries.map((w) => ({
              rule: w.rule,
              file: w.file,
              reason: w.reason,
              owner: w.owner,
              expires: w.expires,
              status: w.status,
              waived: w.waived,
            })),
          },
        }),
    // Built in the contract's key order by the gate.
    ...(report.signals === undefined ? {} : { signals: report.signals }),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

function canonicalCheck(check: GateCheck): GateCheck {
  return {
    id: check.id,
    status: check.status,
    summary: check.summary,
    evidence: check.evidence.map(canonicalEvidence),
    diagnostics: check.diagnostics.map(canonicalDiagnostic),
  };
}

function canonicalEvidence(item: EvidenceItem): EvidenceItem {
  return {
    file: item.file,
    ...(item.sha256 === undefined ? {} : { sha256: item.sha256 }),
    ...(item.detail === undefined ? {} : { detail: item.detail }),
  };
}
