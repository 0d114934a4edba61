import { readFileSync } from 'node:fs';
import { ruleDocPath } from '../engine/rule.js';

/** What a rule id looks like (`schema/valid`): anything else names no page, and no path is built from it. */
const RULE_ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

/**
 * A rule's page as the package ships it (`docs/rules/ID.md`): `npm run docs` writes it with
 * `renderRuleDoc`, and the tests fail while a page differs from what it renders, so `explain`
 * prints it instead of checking the rule's examples again (most of a second). `undefined` when
 * the id is not a rule's or the package has no page for it.
 */
export function shippedRulePage(id: string): string | undefined {
  if (!RULE_ID.test(id)) return undefined;
  // From dist/cli/ (the bundle), dist/src/reference/ (the library) or src/reference/ (tests): up to the package root.
  for (const up of ['../../', '../../../']) {
    try {
      return readFileSync(new URL(`${up}${ruleDocPath(id)}`, import.meta.url), 'utf8');
    } catch {
      // not there: the next candidate
    }
  }
  return undefined;
}
