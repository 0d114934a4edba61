import { describe, expect, it } from 'vitest';
import { checkTree as checkDiagnostics } from '../support/check-tree.js';

/** Each finding as `file:line:col rule message`. */
const checkTree = async (...args: Parameters<typeof checkDiagnostics>) =>
  (await checkDiagnostics(...args)).map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`);

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const only = ['schema/compile', 'schema/valid'];
const config = { schemas: { map: [{ instances: 'thing.json', schema: 'thing.schema.json' }] } };
const EVIL = '^(a+)+$';
const ATTACK = `${'a'.repeat(40)}b`;

describe('schema regular expressions run in linear time (issue 14, case 5)', () => {
  it('a catastrophic `pattern` against 40 `a`s and a `b` returns a finding', async () => {
    const tree = {
      'thing.schema.json': json({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { name: { type: 'string', pattern: EVIL } },
      }),
      'thing.json': json({ name: ATTACK }),
    };
    expect(await checkTree(tree, { only, config })).toEqual([
      expect.stringMatching(/^thing\.json:2:\d+ schema\/valid .*\^\(a\+\)\+\$/),
    ]);
  });

  it('a catastrophic `patternProperties` key returns quietly for a name it does not match', async () => {
    const tree = {
      'thing.schema.json': json({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        patternProperties: { [EVIL]: { type: 'number' }, '^x-': { type: 'string' } },
      }),
      'thing.json': json({ [ATTACK]: 'not checked', aaa: 'not a number', 'x-y': 1 }),
    };
    const found = await checkTree(tree, { only, config });
    expect(found).toHaveLength(2);
    expect(found.join('\n')).toMatch(/thing\.json:3:\d+ schema\/valid/);
    expect(found.join('\n')).toMatch(/thing\.json:4:\d+ schema\/valid/);
  });

  it('a pattern re2 cannot run (backreference, lookahead) is a finding at the schema keyword', async () => {
    const tree = {
      'thing.schema.json': json({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { twice: { type: 'string', pattern: '^(a)\\1$' } },
        patternProperties: { 'a(?=x)': { type: 'string' } },
      }),
      'thing.json': json({ twice: 'aa' }),
    };
    const found = await checkTree(tree, { only, config });
    expect(found).toEqual([
      expect.stringMatching(/^thing\.schema\.json:7:18 schema\/compile Unsupported regular expression `\^\(a\)\\1\$`/),
      expect.stringMatching(/^thing\.schema\.json:11:15 schema\/compile Unsupported regular expression `a\(\?=x\)`/),
    ]);
  });

  it('lookaheads right after a leading `^` keep their meaning', async () => {
    const tree = {
      'thing.schema.json': json({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'array',
        items: { type: 'string', pattern: '^(?![/\\\\])(?!(?:.*/)?\\.\\.(?:/|$))(?=[a-z])[^\\\\]+$' },
      }),
      'thing.json': json(['docs/a.md', '/etc/passwd', 'a/../b', 'Docs', 'a/..b']),
    };
    const found = await checkTree(tree, { only, config });
    expect(found.map((f) => f.split(' ')[0])).toEqual(['thing.json:3:3', 'thing.json:4:3', 'thing.json:5:3']);
  });
});
