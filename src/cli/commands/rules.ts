import { closest } from '../../closest.js';
import { UsageError } from '../../errors.js';
import { shippedRuleList, shippedRulePage } from '../../reference/shipped-rule-page.js';
import type { CliIo } from '../cli-io.js';
import { defineCommand } from '../command.js';

/** `surveyor rules`: every rule with its default severity. */
export const rulesCommand = defineCommand({
  name: 'rules',
  summary: 'list every rule with its default severity',
  usage: '',
  description: 'Lists every rule: its id, default severity and what it checks.',
  options: {},
  examples: [['surveyor rules | grep docs/', 'the docs rules']],
  async run({ positionals }, io: CliIo) {
    if (positionals.length) throw new UsageError('`rules` takes no arguments');
    // The shipped index lists what the rules say (the tests keep it current): no rule is loaded to list them.
    const rules = shippedRuleList() ?? (await import('../../index.js')).listRules();
    const width = Math.max(...rules.map((r) => r.id.length));
    io.stdout(`${rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`);
    return 0;
  },
});

/** `surveyor explain RULE`: one rule's documentation. */
export const explainCommand = defineCommand({
  name: 'explain',
  summary: "show a rule's documentation",
  usage: 'RULE',
  description: "Prints the rule's documentation: why it exists, its messages, and its examples with what they report.",
  options: {},
  examples: [['surveyor explain schema/valid', 'why schema/valid exists and what it reports']],
  async run({ positionals }, io: CliIo) {
    if (positionals.length !== 1)
      throw new UsageError('`explain` takes one rule id, e.g. `surveyor explain schema/valid`');
    const id = positionals[0]!;
    const shipped = shippedRulePage(id);
    if (shipped !== undefined) {
      io.stdout(shipped);
      return 0;
    }
    // A checkout without the generated pages: the page rendered here, as `npm run docs` renders it.
    const { findRule, listRules, renderRuleDoc } = await import('../../index.js');
    const rule = findRule(id);
    if (!rule) {
      const hint = closest(
        id,
        listRules().map((r) => r.id),
      );
      throw new UsageError(`unknown rule \`${id}\`${hint ? `, did you mean \`${hint}\`?` : ''}`);
    }
    io.stdout(await renderRuleDoc(rule, listRules()));
    return 0;
  },
});
