import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { allRules } from '../../rules/index.js';
import { configJsonSchema } from '../../src/config/config-schema.js';
import { ruleDocPath } from '../../src/engine/rule.js';
import { withGateReport } from '../../src/gate/readme-report.js';
import { runGate } from '../../src/gate/run-gate.js';
import { renderRuleDoc, renderRulesIndex } from '../../src/reference/rule-docs.js';
import { surveyorPackageRoot } from '../../src/version.js';
import { renderGeneratorsDoc } from './generator-docs.js';

/**
 * Every file of this package that is generated from code: one page per rule, the rules
 * index, the generators page, the config's JSON Schema, and the README with the example's gate report. Paths are relative to the package root.
 */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const rule of allRules) files.set(ruleDocPath(rule.id), await renderRuleDoc(rule, allRules));
  files.set('docs/rules/index.md', renderRulesIndex(allRules));
  files.set('docs/generators.md', renderGeneratorsDoc());
  files.set('schemas/surveyor.config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  files.set('README.md', await readmeWithExampleGate());
  return files;
}

/** "Today" for the README's gate report: the example's docs were last reviewed in November 2026, so the report does not age. */
export const EXAMPLE_TODAY = '2026-11-27';

/** README.md with the markdown gate report of `examples/atlas` for its chart's version, as `surveyor gate --now EXAMPLE_TODAY` writes it. */
async function readmeWithExampleGate(): Promise<string> {
  const root = surveyorPackageRoot();
  const example = path.join(root, 'examples/atlas');
  const chart = parseYaml(readFileSync(path.join(example, 'ops/k8s/charts/atlas/Chart.yaml'), 'utf8')) as {
    version?: unknown;
  };
  const result = await runGate({
    release: String(chart.version),
    root: example,
    rules: allRules,
    now: new Date(`${EXAMPLE_TODAY}T00:00:00Z`),
  });
  return withGateReport(readFileSync(path.join(root, 'README.md'), 'utf8'), result);
}
