import { allRules } from '../../rules/index.js';
import type { UserConfig } from '../../src/config/config-schema.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import type { FilePosition, Tree } from './atlas-tree.js';

/** A finding as the Atlas tests compare it: rule, place and message id. */
export interface AtlasFinding extends FilePosition {
  rule: string;
  messageId: string | undefined;
}

/** Every finding of a whole run (every rule) over an in-memory tree, in report order. */
export async function checkAll(tree: Tree, config?: UserConfig): Promise<AtlasFinding[]> {
  const result = await runCheck({ source: new MemorySource(tree), rules: allRules, ...(config ? { config } : {}) });
  return result.report.diagnostics.map((d) => ({ rule: d.ruleId, file: d.file, line: d.line, column: d.column, messageId: messageIdOf(d) }));
}

/** An expected finding: a rule and message at a place. */
export function finding(rule: string, messageId: string, at: FilePosition): AtlasFinding {
  return { rule, messageId, file: at.file, line: at.line, column: at.column };
}
