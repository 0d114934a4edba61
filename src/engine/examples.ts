import { ExampleSignalSource } from '../signals/example-signals.js';
import { DEFAULT_WINDOW_MS } from '../signals/signal-spec.js';
import { MemorySource } from '../workspace/file-source.js';
import type { Diagnostic } from './diagnostic.js';
import type { Rule, RuleExample } from './rule.js';
import { runCheck } from './run.js';

/** Runs one rule over an example's in-memory tree and returns that rule's findings. */
export async function runExample(rule: Rule, example: RuleExample, allRules: readonly Rule[]): Promise<Diagnostic[]> {
  const now = example.now === undefined ? undefined : new Date(`${example.now}T00:00:00Z`);
  const signals = example.signals && {
    source: new ExampleSignalSource(example.signals.answers),
    at: Date.parse(example.signals.at) / 1000,
    windowMs: DEFAULT_WINDOW_MS,
  };
  const result = await runCheck({
    source: new MemorySource(example.files),
    rules: allRules,
    only: [rule.id],
    now,
    ...(example.release === undefined ? {} : { release: example.release }),
    ...(signals ? { signals } : {}),
  });
  return result.report.diagnostics.filter((d) => d.ruleId === rule.id);
}
