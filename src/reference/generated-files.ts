import { allRules } from '../../rules/index.js';
import { configJsonSchema } from '../config/config-schema.js';
import { ruleDocPath } from '../engine/rule.js';
import { renderGeneratorsDoc } from './generator-docs.js';
import { renderRuleDoc, renderRulesIndex } from './rule-docs.js';

/**
 * Every file of this package that is generated from code: one page per rule, the rules
 * index, the generators page, and the config's JSON Schema. Paths are relative to the package root.
 */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const rule of allRules) files.set(ruleDocPath(rule.id), await renderRuleDoc(rule, allRules));
  files.set('docs/rules/index.md', renderRulesIndex(allRules));
  files.set('docs/generators.md', renderGeneratorsDoc());
  files.set('schemas/surveyor.config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return files;
}
