import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runExample } from '../../src/engine/examples.js';
import { messageIdOf } from '../../src/engine/run.js';

// Every rule's documented examples are its first tests: valid ones stay quiet, invalid
// ones report exactly the listed findings, at the listed places.
describe.each(allRules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it('has valid and invalid examples', () => {
    expect(rule.examples.valid.length).toBeGreaterThan(0);
    expect(rule.examples.invalid.length).toBeGreaterThan(0);
  });

  it.each(rule.examples.valid.map((e) => [e.name, e] as const))('valid: %s', async (_name, example) => {
    const findings = await runExample(rule, example, allRules);
    expect(findings.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([]);
  });

  it.each(rule.examples.invalid.map((e) => [e.name, e] as const))('invalid: %s', async (_name, example) => {
    const findings = await runExample(rule, example, allRules);
    const actual = findings.map((d) => ({ file: d.file, line: d.line, column: d.column, messageId: messageIdOf(d) }));
    expect(actual).toEqual(example.findings);
  });
});
