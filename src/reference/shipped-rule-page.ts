import type { Severity } from '../engine/diagnostic.js';
import { ruleDocPath } from '../engine/rule.js';
import { readPackageFile } from '../version.js';

/** What a rule id looks like (`schema/valid`): anything else names no page, and no path is built from it. */
const RULE_ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

/**
 * A rule's page as the package ships it (`docs/rules/ID.md`): `npm run docs` writes it with
 * `renderRuleDoc`, and the tests fail while a page differs from what it renders, so `explain`
 * prints it instead of checking the rule's examples again (most of a second). `undefined` when
 * the id is not a rule's or the package has no page for it.
 */
export function shippedRulePage(id: string): string | undefined {
  return RULE_ID.test(id) ? readPackageFile(ruleDocPath(id)) : undefined;
}

/** One rule as the rules index lists it. */
export interface ListedRule {
  id: string;
  severity: Severity;
  description: string;
}

/** A row of the rules index `renderRulesIndex` writes: `| [`ID`](ID.md) | SEVERITY | DESCRIPTION |`, `|` escaped. */
const INDEX_ROW = /^\| \[`([^`]+)`\]\(\1\.md\) \| (error|warning|info) \| (.*) \|$/;

/**
 * Every rule, in order, as a rules index lists it (`renderRulesIndex`); `undefined` when a row
 * does not read as one or there is none.
 */
export function parseRulesIndex(index: string): ListedRule[] | undefined {
  const rules: ListedRule[] = [];
  for (const line of index.split('\n')) {
    if (!line.startsWith('| [`')) continue;
    const row = INDEX_ROW.exec(line);
    if (!row) return undefined;
    rules.push({ id: row[1]!, severity: row[2] as Severity, description: row[3]!.replace(/\\\|/g, '|') });
  }
  return rules.length ? rules : undefined;
}

/**
 * Every rule, in order, as the package's rules index lists it (`docs/rules/index.md`, written by
 * `npm run docs` and checked current by the tests), so that `surveyor rules` loads no rule;
 * `undefined` when the package has no index or it does not read as one.
 */
export function shippedRuleList(): ListedRule[] | undefined {
  const index = readPackageFile('docs/rules/index.md');
  return index === undefined ? undefined : parseRulesIndex(index);
}
