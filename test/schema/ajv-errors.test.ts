import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { describeAjvErrors } from '../../src/schema/ajv-errors.js';

const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
addFormatsModule.default(ajv);

function describe_(schema: object, value: unknown) {
  const validate = ajv.compile(schema);
  expect(validate(value)).toBe(false);
  return describeAjvErrors(validate.errors ?? []).map(({ pointer, message }) => ({ pointer, message }));
}

describe('describeAjvErrors', () => {
  it.each([
    [{ required: ['values_file'] }, {}, '', 'Missing property `values_file` (`required`)'],
    [
      { additionalProperties: false, properties: { name: {} } },
      { name: 1, sutie: 'x' },
      '/sutie',
      'Unexpected property `sutie`, the schema allows no other properties here (`additionalProperties`)',
    ],
    [
      { properties: { n: { type: 'integer' } } },
      { n: 1.5 },
      '/n',
      'Unexpected number `1.5`, expected integer (`type`)',
    ],
    [{ properties: { s: { enum: ['a'] } } }, { s: 'b' }, '/s', 'Unexpected `"b"`, expected `"a"` (`enum`)'],
    [{ properties: { s: { const: 1 } } }, { s: 2 }, '/s', 'Unexpected `2`, expected `1` (`const`)'],
    [
      { properties: { d: { format: 'date' } } },
      { d: '2026-02-30' },
      '/d',
      'Unexpected `"2026-02-30"`, expected a valid `date` (`format`)',
    ],
    [
      { properties: { score: { maximum: 100 } } },
      { score: 101 },
      '/score',
      'Unexpected `101`, expected a number <= 100 (`maximum`)',
    ],
    [
      { properties: { s: { minLength: 3 } } },
      { s: 'ab' },
      '/s',
      'Unexpected string of length 2, expected at least 3 characters (`minLength`)',
    ],
    [
      { properties: { l: { minItems: 1 } } },
      { l: [] },
      '/l',
      'Unexpected array of 0 items, expected at least 1 (`minItems`)',
    ],
    [
      { properties: { l: { uniqueItems: true } } },
      { l: ['a', 'b', 'a'] },
      '/l/2',
      'Unexpected duplicate: items 0 and 2 are equal, expected unique items (`uniqueItems`)',
    ],
    [{ properties: { x: false } }, { x: 1 }, '/x', 'Unexpected value, the schema allows nothing here (`false` schema)'],
    [
      { oneOf: [{ type: 'string' }, { type: 'string' }] },
      'a',
      '',
      'Unexpected value matching subschemas 0 and 1, expected exactly one (`oneOf`)',
    ],
  ])('%j on %j', (schema, value, pointer, message) => {
    expect(describe_(schema, value)).toEqual([{ pointer, message }]);
  });

  it('folds `anyOf` branches that fail on the value itself into one finding', () => {
    const schema = { properties: { mode: { anyOf: [{ enum: ['disabled'] }, { type: 'array' }] } } };
    expect(describe_(schema, { mode: 'strict' })).toEqual([
      { pointer: '/mode', message: 'Unexpected `"strict"`, expected `"disabled"` or an array (`anyOf`)' },
    ]);
  });

  it('keeps branch errors that point deeper, and errors of sibling keywords', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      anyOf: [{ properties: { a: { type: 'string' } } }, { properties: { a: { type: 'number' } } }],
    };
    const described = describe_(schema, { a: true });
    expect(described.map((d) => `${d.pointer} ${/\(`(\w+)`\)$/.exec(d.message)?.[1]}`).sort()).toEqual([
      ' anyOf',
      ' required',
      '/a type',
      '/a type',
    ]);
  });
});
