import { allRules } from '../../rules/index.js';
import type { UserConfig } from '../../src/config/config-schema.js';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import type { Tree } from './atlas-tree.js';

/** A finding reduced to what tests compare: rule, place and message id. */
export interface Finding {
  rule: string;
  at: string;
  id: string | undefined;
}

/** What a check of an in-memory tree may narrow or pin. */
export interface CheckTreeOptions {
  /** Rule ids (or groups) to run instead of every rule. */
  only?: string[];
  config?: UserConfig;
  /** Files to report on, as `surveyor check <files…>` does. */
  scope?: string[];
  /** The date the run takes as today. */
  now?: Date;
}

/** Runs every rule (or `only` those) over an in-memory tree and returns the full diagnostics, in report order. */
export async function checkTree(tree: Tree, options: CheckTreeOptions = {}): Promise<Diagnostic[]> {
  const result = await runCheck({
    source: new MemorySource(tree),
    rules: allRules,
    only: options.only,
    config: options.config,
    files: options.scope,
    ...(options.now ? { now: options.now } : {}),
  });
  return result.report.diagnostics;
}

/** `rule file:line:column messageId` for each finding, for compact assertions. */
export function findings(diagnostics: readonly Diagnostic[]): Finding[] {
  return diagnostics.map((d) => ({ rule: d.ruleId, at: `${d.file}:${d.line}:${d.column}`, id: messageIdOf(d) }));
}
