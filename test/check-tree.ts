import { allRules } from '../rules/index.js';
import type { UserConfig } from '../src/config/config-schema.js';
import type { Diagnostic } from '../src/engine/diagnostic.js';
import { messageIdOf, runCheck } from '../src/engine/run.js';
import { type MemoryFile, MemorySource } from '../src/workspace/file-source.js';

/** A finding reduced to what tests compare: rule, place and message id. */
export interface Finding {
  rule: string;
  at: string;
  id: string | undefined;
}

/** Runs surveyor over an in-memory tree and returns the full diagnostics. */
export async function checkTree(
  files: Record<string, MemoryFile>,
  options: { only?: string[]; config?: UserConfig; scope?: string[] } = {},
): Promise<Diagnostic[]> {
  const result = await runCheck({
    source: new MemorySource(files),
    rules: allRules,
    only: options.only,
    config: options.config,
    files: options.scope,
  });
  return result.report.diagnostics;
}

/** `rule file:line:column messageId` for each finding, for compact assertions. */
export function findings(diagnostics: readonly Diagnostic[]): Finding[] {
  return diagnostics.map((d) => ({ rule: d.ruleId, at: `${d.file}:${d.line}:${d.column}`, id: messageIdOf(d) }));
}
