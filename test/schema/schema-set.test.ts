import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, MemorySource } from '../../src/index.js';
import { checkTree, findings } from '../support/check-tree.js';

const S2020 = 'https://json-schema.org/draft/2020-12/schema';
const S2019 = 'https://json-schema.org/draft/2019-09/schema';
const S07 = 'http://json-schema.org/draft-07/schema#';
const S06 = 'http://json-schema.org/draft-06/schema#';
const S04 = 'http://json-schema.org/draft-04/schema#';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const schemaRules = ['schema/compile', 'schema/valid'];

describe('drafts and cross-draft references', () => {
  const tree = (scenario: unknown) => ({
    'schemas/common.schema.json': json({
      $schema: S07,
      definitions: { semver: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' } },
    }),
    'schemas/steps.schema.json': json({
      $schema: S2019,
      $id: 'https://atlas.example/schemas/steps.json',
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
    }),
    'schemas/scenario.schema.json': json({
      $schema: S2020,
      type: 'object',
      required: ['from_version', 'steps'],
      properties: {
        from_version: { $ref: 'common.schema.json#/definitions/semver' },
        steps: { $ref: 'https://atlas.example/schemas/steps.json' },
      },
    }),
    'scenario.json': json(scenario),
  });
  const config = { schemas: { map: [{ instances: 'scenario.json', schema: 'schemas/scenario.schema.json' }] } };

  it('validates through refs from 2020-12 into draft-07 and 2019-09 files', async () => {
    expect(await checkTree(tree({ from_version: '1.3.2', steps: ['upgrade'] }), { only: schemaRules, config })).toEqual(
      [],
    );
  });

  it('reports errors found in a referenced schema, with that schema keyword as related', async () => {
    const diagnostics = await checkTree(tree({ from_version: '1.3', steps: [] }), { only: schemaRules, config });
    expect(findings(diagnostics)).toEqual([
      { rule: 'schema/valid', at: 'scenario.json:2:19', id: 'invalid' },
      { rule: 'schema/valid', at: 'scenario.json:3:12', id: 'invalid' },
    ]);
    expect(diagnostics[0]!.message).toBe(
      'Unexpected `"1.3"`, expected a string matching `^\\d+\\.\\d+\\.\\d+$` (`pattern`)',
    );
    expect(diagnostics[0]!.related).toEqual([
      expect.objectContaining({ file: 'schemas/common.schema.json', line: 6, message: 'Schema keyword `pattern`' }),
    ]);
    expect(diagnostics[1]!.related![0]!.file).toBe('schemas/steps.schema.json');
  });

  it('compiles draft-04 and draft-06 schemas with their own semantics', async () => {
    const files = {
      'schemas/old.schema.json': json({
        $schema: S04,
        id: 'https://atlas.example/old.json',
        type: 'object',
        properties: { score: { type: 'number', maximum: 100, exclusiveMaximum: true } },
      }),
      'schemas/six.schema.json': json({ $schema: S06, type: 'object', properties: { name: { const: 'atlas' } } }),
      'a.json': json({ $schema: 'https://atlas.example/old.json', score: 100 }),
      'b.json': json({ $schema: 'schemas/six.schema.json', name: 'atlas' }),
    };
    expect(findings(await checkTree(files, { only: schemaRules }))).toEqual([
      { rule: 'schema/valid', at: 'a.json:3:12', id: 'invalid' },
    ]);
  });
});

describe('Atlas-style repo-relative ids and references', () => {
  it('resolves refs written as repo paths and relative `$id`s', async () => {
    const files = {
      'ops/schema/common/defs.schema.json': json({
        $schema: S07,
        $id: 'ops/schema/common/defs.schema.json',
        definitions: { suite: { enum: ['nightly'] } },
      }),
      'ops/schema/k8s/matrix.schema.json': json({
        $schema: S2020,
        $id: 'ops/schema/k8s/matrix.schema.json',
        properties: { suite: { $ref: 'ops/schema/common/defs.schema.json#/definitions/suite' } },
      }),
      'matrix.json': json({ $schema: 'ops/schema/k8s/matrix.schema.json', suite: 'weekly' }),
    };
    const diagnostics = await checkTree(files, { only: schemaRules });
    expect(findings(diagnostics)).toEqual([{ rule: 'schema/valid', at: 'matrix.json:3:12', id: 'invalid' }]);
    expect(diagnostics[0]!.related![0]!.file).toBe('ops/schema/common/defs.schema.json');
  });

  it('resolves `$anchor` references and nested `$id` resources', async () => {
    const files = {
      'a.schema.json': json({
        $schema: S2020,
        $defs: { name: { $anchor: 'name', type: 'string' }, inner: { $id: 'inner.json', type: 'integer' } },
      }),
      'b.schema.json': json({
        $schema: S2020,
        properties: { n: { $ref: 'a.schema.json#name' }, i: { $ref: 'inner.json' } },
      }),
      'b.json': json({ $schema: 'b.schema.json', n: 'x', i: 'not an integer' }),
    };
    expect(findings(await checkTree(files, { only: schemaRules }))).toEqual([
      { rule: 'schema/valid', at: 'b.json:4:8', id: 'invalid' },
    ]);
  });
});

describe('schemas that cannot compile', () => {
  it.each([
    ['a missing file', { $schema: S2020, $ref: 'nowhere.schema.json' }, /no schema `nowhere.schema.json`/],
    ['a missing anchor', { $schema: S2020, $ref: '#nope' }, /has no anchor `nope`/],
    [
      'a remote reference',
      { $schema: S2020, properties: { a: { $ref: 'http://example.com/s.json' } } },
      /remote `\$ref`.*never fetched/,
    ],
    ['a self-reference', { $schema: S2020, $ref: '#' }, /cycle/],
    [
      'an `allOf` loop',
      {
        $schema: S2020,
        $defs: { a: { allOf: [{ $ref: '#/$defs/b' }] }, b: { anyOf: [{ $ref: '#/$defs/a' }] } },
        $ref: '#/$defs/a',
      },
      /cycle/,
    ],
  ])('reports %s once, at the `$ref`', async (_name, schema, message) => {
    const diagnostics = await checkTree({ 's.schema.json': json(schema) }, { only: schemaRules });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.pointer).toMatch(/\$ref$/);
    expect(diagnostics[0]!.message).toMatch(message);
  });

  it('does not treat recursion through `properties` as a cycle', async () => {
    const schema = { $schema: S2020, type: 'object', properties: { child: { $ref: '#' } } };
    expect(
      await checkTree(
        { 's.schema.json': json(schema), 'i.json': json({ $schema: 's.schema.json', child: { child: {} } }) },
        { only: schemaRules },
      ),
    ).toEqual([]);
  });

  // Issue 14, case 15: a loop through `dependentSchemas` validates the same object again and again.
  it.each([
    ['`dependentSchemas` (2020-12)', { $schema: S2020, dependentSchemas: { a: { $ref: '#' } } }],
    ['`dependentSchemas` (2019-09)', { $schema: S2019, dependentSchemas: { a: { $ref: '#' } } }],
    ['schema-valued `dependencies` (draft-07)', { $schema: S07, dependencies: { a: { $ref: '#' } } }],
    ['schema-valued `dependencies` (draft-04)', { $schema: S04, dependencies: { a: { $ref: '#' } } }],
    // Built from text: an object literal with a `then` key reads as a thenable to the linter.
    ['`then`', { $schema: S07, if: true, ...JSON.parse('{ "then": { "$ref": "#" } }') }],
    ['`else` into another file', { $schema: S2020, if: false, else: { $ref: 'other.schema.json' } }],
  ])(
    'reports a `$ref` cycle through %s at the schema, not "nested too deeply" at the instance',
    async (_name, schema) => {
      const files = {
        's.schema.json': json(schema),
        'other.schema.json': json({ $schema: S2020, allOf: [{ $ref: 's.schema.json' }] }),
        'i.json': json({ $schema: 's.schema.json', a: 1 }),
      };
      const diagnostics = await checkTree(files, { only: schemaRules });
      expect(findings(diagnostics).map((f) => `${f.rule} ${f.id}`)).toEqual(['schema/compile problem']);
      expect(diagnostics[0]!.pointer).toMatch(/\$ref$/);
      expect(diagnostics[0]!.message).toMatch(/^Unexpected `\$ref` cycle /);
    },
  );

  it.each([
    ['`properties`', { properties: { a: { $ref: '#' } } }],
    ['`patternProperties`', { patternProperties: { '^a': { $ref: '#' } } }],
    ['`additionalProperties`', { additionalProperties: { $ref: '#' } }],
    ['`propertyNames`', { propertyNames: { $ref: '#' } }],
    ['`items`', { items: { $ref: '#' } }],
    ['`prefixItems`', { prefixItems: [{ $ref: '#' }] }],
    ['`contains`', { contains: { $ref: '#' } }],
    ['`unevaluatedProperties`', { unevaluatedProperties: { $ref: '#' } }],
    ['`unevaluatedItems`', { unevaluatedItems: { $ref: '#' } }],
    ['array-valued `dependencies`', { dependencies: { a: ['b'] }, properties: { b: { $ref: '#' } } }],
    [
      '`dependentSchemas` in draft-07, where it is no keyword',
      { $schema: S07, dependentSchemas: { a: { $ref: '#' } } },
    ],
  ])('does not treat recursion through %s as a cycle', async (_name, keywords) => {
    const files = {
      's.schema.json': json({ $schema: S2020, ...keywords }),
      'i.json': json({ $schema: 's.schema.json', a: { a: ['x'] }, b: {} }),
    };
    expect(await checkTree(files, { only: schemaRules })).toEqual([]);
  });

  it('indexes a subschema under a property named like a data keyword', async () => {
    const files = {
      's.schema.json': json({ $schema: S2020, properties: { default: { $ref: 'nowhere.schema.json' } } }),
    };
    expect(findings(await checkTree(files, { only: schemaRules }))).toEqual([
      { rule: 'schema/compile', at: 's.schema.json:5:15', id: 'problem' },
    ]);
  });

  it('reports a broken schema once, not again in every schema that references it', async () => {
    const files = {
      'base.schema.json': json({ $schema: S2020, type: 'strin' }),
      'a.schema.json': json({ $schema: S2020, $ref: 'base.schema.json' }),
      'b.schema.json': json({ $schema: S2020, allOf: [{ $ref: 'a.schema.json' }] }),
      'i.json': json({ $schema: 'b.schema.json' }),
    };
    expect(findings(await checkTree(files, { only: schemaRules }))).toEqual([
      { rule: 'schema/compile', at: 'base.schema.json:3:11', id: 'problem' },
    ]);
  });

  it('reports unknown keywords only in strict mode, at the keyword', async () => {
    const files = {
      's.schema.json':
        '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "type": "object",\n  "properties": { "a": { "type": "string", "typo": true } }\n}\n',
    };
    expect(await checkTree(files, { only: schemaRules })).toEqual([]);
    const strict = await checkTree(files, { only: schemaRules, config: { schemas: { strict: true } } });
    expect(findings(strict)).toEqual([{ rule: 'schema/compile', at: 's.schema.json:4:44', id: 'problem' }]);
    expect(strict[0]!.message).toMatch(/unknown keyword: "typo"/);
  });

  it('compiles the schemas that validate something and what they reach, and every schema in strict mode', async () => {
    const nullable = { type: 'object', properties: { note: { nullable: true } } };
    const files = {
      'used.schema.json': json({ $schema: S2020, $ref: 'reached.schema.json' }),
      'reached.schema.json': json({ $schema: S2020, ...nullable }),
      'unused.schema.json': json({ $schema: S2020, ...nullable }),
      'i.json': json({ $schema: 'used.schema.json' }),
    };
    const compiled = (diagnostics: Awaited<ReturnType<typeof checkTree>>) =>
      diagnostics.filter((d) => /nullable/.test(d.message)).map((d) => d.file);
    expect(compiled(await checkTree(files, { only: ['schema/compile'] }))).toEqual(['reached.schema.json']);
    const strict = await checkTree(files, { only: ['schema/compile'], config: { schemas: { strict: true } } });
    expect(compiled(strict)).toEqual(['reached.schema.json', 'unused.schema.json']);
  });

  it('compiles a schema again once an instance starts using it, with the cache too', async () => {
    const location = mkdtempSync(path.join(tmpdir(), 'surveyor-compile-used-'));
    try {
      const files = {
        'a.schema.json': json({ $schema: S2020, type: 'object' }),
        'unused.schema.json': json({ $schema: S2020, properties: { note: { nullable: true } } }),
        'i.json': json({ $schema: 'a.schema.json' }),
      };
      const problems = async (tree: Record<string, string>) =>
        (
          await check({ source: new MemorySource(tree), only: ['schema/compile'], cacheLocation: location })
        ).report.diagnostics.map((d) => d.file);
      expect(await problems(files)).toEqual([]);
      // The instance now names the schema: nothing about the schemas changed, yet it is compiled and reported.
      expect(await problems({ ...files, 'i.json': json({ $schema: 'unused.schema.json' }) })).toEqual([
        'unused.schema.json',
      ]);
    } finally {
      rmSync(location, { recursive: true, force: true });
    }
  });

  it('reports two files claiming one `$id`', async () => {
    const files = {
      'a.schema.json': json({ $schema: S2020, $id: 'https://atlas.example/same.json' }),
      'b.schema.json': json({ $schema: S2020, $id: 'https://atlas.example/same.json' }),
    };
    const diagnostics = await checkTree(files, { only: ['schema/compile'] });
    expect(diagnostics.map((d) => d.file)).toEqual(['b.schema.json']);
    expect(diagnostics[0]!.message).toMatch(/already exists/);
  });

  it('treats a schema that is not JSON as a json/syntax finding and validates nothing against it', async () => {
    const files = { 's.schema.json': '{ "type": ', 'i.json': json({ $schema: 's.schema.json' }) };
    expect(findings(await checkTree(files))).toEqual([{ rule: 'json/syntax', at: 's.schema.json:1:11', id: 'syntax' }]);
  });
});

describe('instances that cannot be validated', () => {
  it('reports a value nested too deeply for the validator instead of crashing', async () => {
    const depth = 10_000;
    const files = {
      'tree.schema.json': json({ $schema: S2020, type: 'object', properties: { c: { $ref: '#' } } }),
      'deep.json': `{"$schema": "tree.schema.json", ${'"c": {'.repeat(depth)}${'}'.repeat(depth)}}`,
    };
    expect(findings(await checkTree(files, { only: schemaRules }))).toEqual([
      { rule: 'schema/valid', at: 'deep.json:1:1', id: 'tooDeep' },
    ]);
  });

  it('reports a config mapping to a missing schema at the instance, related to the config', async () => {
    const files = {
      'surveyor.config.json': json({
        schemas: { map: [{ instances: 'ops/*.json', schema: 'schemas/gone.schema.json' }] },
      }),
      'ops/a.json': '{}\n',
    };
    const diagnostics = await checkTree(files);
    expect(findings(diagnostics)).toEqual([{ rule: 'schema/valid', at: 'ops/a.json:1:1', id: 'missingSchema' }]);
    expect(diagnostics[0]!.related).toEqual([expect.objectContaining({ file: 'surveyor.config.json', line: 6 })]);
  });
});
