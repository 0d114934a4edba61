import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { UnreadableSource } from '../support/unreadable-source.js';
import { messageCases } from './message-cases.js';

/**
 * Message ids that neither an example nor a case below shows yet (they are exercised by the
 * rule's own test file, which this check does not run). The test fails when one of them
 * becomes shown, so the list only shrinks.
 */
const notYetShown: Record<string, readonly string[]> = {
  // Shown by test/gate/release-gate-e2e.test.ts and test/gate/*.test.ts, in git repositories and with --release.
  'identity/commit': ['unknown', 'shallow', 'notAncestor', 'changed'],
  // A folder replaced by a link out of the root exists only on disk: test/safety/reads.test.ts.
  'workspace/symlink-escape': ['folder'],
};

const NOW = new Date('2026-11-27T00:00:00Z');

// Every message id of every rule is shown by something that runs: an invalid example (whose
// findings, message ids included, `examples.test.ts` asserts are exactly what the rule reports)
// or a case of `message-cases.ts`, run here and required to report its id and no other.
describe.each(allRules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const cases = messageCases.filter((c) => c.rule === id);

  it.each(cases.map((c) => [c.messageId, c] as const))('reports `%s`', async (messageId, c) => {
    const result = await runCheck({
      source: c.unreadable ? new UnreadableSource(new MemorySource(c.files), c.unreadable) : new MemorySource(c.files),
      rules: allRules,
      only: [id],
      now: NOW,
      ...(c.config ? { config: c.config } : {}),
      ...(c.release ? { release: c.release } : {}),
    });
    // Only its id, so the case shows what its name says and not some other finding of the rule.
    expect([...new Set(result.report.diagnostics.map((d) => messageIdOf(d)))]).toEqual([messageId]);
  });

  it('shows every message id by an example or a case', () => {
    const shown = new Set([
      ...rule.examples.invalid.flatMap((example) => (example.findings ?? []).map((f) => f.messageId)),
      ...cases.map((c) => c.messageId),
    ]);
    for (const c of cases) expect(Object.keys(rule.messages), `case for \`${c.messageId}\``).toContain(c.messageId);
    const unshown = Object.keys(rule.messages).filter((messageId) => !shown.has(messageId));
    expect(unshown).toEqual(notYetShown[id] ?? []);
  });
});
