import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/cache/result-store.js';
import { defineRule, type Rule, type RuleContext } from '../../src/engine/rule.js';
import { runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';

const FILES = { 'a.md': '# A\n', 'b.md': '# B\n', 'c.md': '# C\n' };
const temp = mkdtempSync(path.join(os.tmpdir(), 'surveyor-waits-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A rule reporting once at `file`; `check` runs first and may wait. */
function rule(
  id: string,
  file: string,
  check: (context: RuleContext) => void | Promise<void>,
  waitsOnWorkers?: boolean,
): Rule {
  return defineRule({
    id,
    description: 'Reports once',
    severity: 'error',
    inputs: ['**'],
    ...(waitsOnWorkers ? { waitsOnWorkers } : {}),
    messages: { ran: 'The rule ran' },
    rationale: '',
    examples: { valid: [], invalid: [] },
    check: async (context) => {
      await check(context);
      context.report({ file, messageId: 'ran' });
    },
  });
}

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<string>; resolve(value: string): void } {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('rules that wait on worker threads (`waitsOnWorkers`)', () => {
  it('start before the other rules, which run while they wait, and their findings are reported with the rest', async () => {
    // Without a result cache, and with an empty one (every rule runs through it).
    for (const cache of [undefined, new ResultStore(path.join(temp, 'cache'), 'test')]) {
      const steps: string[] = [];
      const laterRuleRan = deferred();
      // Run in place, the waiting rule would wait for a rule after it: it gives up after a while and says so.
      const giveUp = setTimeout(() => laterRuleRan.resolve('gave up'), 5_000);
      const waiting = rule(
        'test/waiting',
        'a.md',
        async () => {
          steps.push('waiting: started');
          steps.push(`waiting: ${await laterRuleRan.promise}`);
        },
        true,
      );
      const first = rule('test/first', 'b.md', () => void steps.push('first'));
      const last = rule('test/last', 'c.md', () => {
        steps.push('last');
        laterRuleRan.resolve('resumed');
      });
      const result = await runCheck({
        source: new MemorySource(FILES),
        rules: [first, waiting, last],
        ...(cache ? { cache } : {}),
      }).finally(() => clearTimeout(giveUp));
      expect(steps).toEqual(['waiting: started', 'first', 'last', 'waiting: resumed']);
      expect(result.report.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([
        ['a.md', 'test/waiting'],
        ['b.md', 'test/first'],
        ['c.md', 'test/last'],
      ]);
      expect(result.rules.map((r) => r.id)).toEqual(['test/first', 'test/waiting', 'test/last']);
    }
  });

  it('stop the run with their own error when they fail, after the other rules ran', async () => {
    const steps: string[] = [];
    const failing = rule(
      'test/failing',
      'a.md',
      async () => {
        await new Promise((resume) => setImmediate(resume));
        throw new Error('the worker died');
      },
      true,
    );
    const other = rule('test/other', 'b.md', () => void steps.push('other'));
    await expect(runCheck({ source: new MemorySource(FILES), rules: [failing, other] })).rejects.toThrow(
      'rule `test/failing` failed: the worker died',
    );
    expect(steps).toEqual(['other']);
  });
});
