import type { UserConfig } from '../../src/config/config-schema.js';
import { messageIdOf, openSession } from '../../src/engine/run.js';
import { plannedPages } from '../../src/generate/planned-pages.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import type { FilePosition, Tree } from './atlas-tree.js';
import { checkTree } from './check-tree.js';

/** A finding as the Atlas tests compare it: rule, place and message id. */
export interface AtlasFinding extends FilePosition {
  rule: string;
  messageId: string | undefined;
}

/** The example's docs were last reviewed in November 2026: the Atlas fixtures are checked as of then, so they do not age. */
export const EXAMPLE_TODAY = new Date('2026-11-27T00:00:00Z');

/**
 * The tree after `surveyor generate`: every generated docs region rewritten from the
 * tree's contracts. A contract edit also changes the docs derived from it; a fixture with
 * one contract defect is resealed so that only that defect is left to find.
 */
export async function resealGenerated(tree: Tree, config?: UserConfig): Promise<Tree> {
  const session = await openSession({ source: new MemorySource(tree), ...(config ? { config } : {}) });
  const sealed = { ...tree };
  for (const plan of await plannedPages(session.facts)) if (plan.next !== plan.text) sealed[plan.file] = plan.next;
  return sealed;
}

/**
 * Every finding of a whole run (every rule) over an in-memory tree, in report order,
 * after resealing its generated docs (`asIs` checks the tree exactly as given).
 */
export async function checkAll(
  tree: Tree,
  config?: UserConfig,
  options: { asIs?: boolean } = {},
): Promise<AtlasFinding[]> {
  const checked = options.asIs ? tree : await resealGenerated(tree, config);
  const diagnostics = await checkTree(checked, { now: EXAMPLE_TODAY, ...(config ? { config } : {}) });
  return diagnostics.map((d) => ({
    rule: d.ruleId,
    file: d.file,
    line: d.line,
    column: d.column,
    messageId: messageIdOf(d),
  }));
}

/** An expected finding: a rule and message at a place. */
export function finding(rule: string, messageId: string, at: FilePosition): AtlasFinding {
  return { rule, messageId, file: at.file, line: at.line, column: at.column };
}
