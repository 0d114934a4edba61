import { allRules } from '../../../rules/index.js';
import type { UserConfig } from '../../../src/config/config-schema.js';
import { messageIdOf, runCheck } from '../../../src/engine/run.js';
import { type MemoryFile, MemorySource } from '../../../src/workspace/file-source.js';

/** "Today" of the docs rule tests. */
export const NOW = new Date('2026-11-27T00:00:00Z');

/** One rule's findings over a tree as `file:line:column messageId`, on the pinned date. */
export async function ruleFindings(
  rule: string,
  files: Record<string, MemoryFile>,
  config?: UserConfig,
): Promise<string[]> {
  const result = await runCheck({
    source: new MemorySource(files),
    rules: allRules,
    only: [rule],
    now: NOW,
    ...(config ? { config } : {}),
  });
  return result.report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${messageIdOf(d)}`);
}
