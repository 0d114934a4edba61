import type { GenerateResult } from '../generate/run-generate.js';
import { type CheckOutcome, EvidenceList, type GateContext, type GateFinding } from './gate-check.js';

/** docs: no generated region drifts from what `surveyor generate` would write, and every marker can be generated. */
export function docsCheck(context: GateContext, generated: GenerateResult): CheckOutcome {
  const { atlas } = context;
  const findings: GateFinding[] = [];
  const evidence = new EvidenceList();
  let regions = 0;
  for (const page of generated.pages) {
    const drifted: string[] = [];
    for (const plan of page.regions) {
      regions++;
      if (plan.expected === undefined || plan.expected === plan.current) continue;
      drifted.push(plan.region.name);
      findings.push({
        severity: 'error',
        message: `Generated region \`${plan.region.name}\` is out of date with the contracts: run \`surveyor generate\` (\`surveyor generate --check\` shows the diff)`,
        place: { file: page.file, span: plan.region.begin },
      });
    }
    const count = `${page.regions.length} generated ${page.regions.length === 1 ? 'region' : 'regions'}`;
    evidence.add(
      atlas,
      page.file,
      drifted.length
        ? `${count}, out of date: ${drifted.map((name) => `\`${name}\``).join(', ')}`
        : `${count}, current`,
    );
  }
  for (const problem of generated.problems) {
    findings.push({
      severity: 'error',
      message: problem.message,
      place: { file: problem.file, position: { start: { line: problem.line, column: problem.column } } },
    });
  }
  const pages = generated.pages.length;
  return {
    passed: `${regions} generated ${regions === 1 ? 'region' : 'regions'} in ${pages} ${pages === 1 ? 'page' : 'pages'} ${regions === 1 ? 'is' : 'are'} current`,
    evidence: evidence.items,
    findings,
  };
}
