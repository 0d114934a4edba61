import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-schema.js';
import { ConfigError } from '../../src/errors.js';
import { checkTree, findings } from '../support/check-tree.js';

const configError = async (config: string) => {
  try {
    await checkTree({ 'surveyor.config.json': config, 'ops/a.json': '{}\n' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('surveyor.config.json validation', () => {
  it.each([
    ['an unknown key', '{\n  "rulez": {}\n}', 'surveyor.config.json:2:3: unknown key `rulez`'],
    [
      'an unknown nested key',
      '{ "schemas": { "strict": false, "draft": "07" } }',
      'surveyor.config.json:1:33: unknown key `schemas.draft`',
    ],
    [
      'a wrong type',
      '{\n  "schemas": {\n    "strict": "yes"\n  }\n}',
      'surveyor.config.json:3:15: `schemas.strict` must be boolean or "log", found string `yes`',
    ],
    [
      'a wrong enum value',
      '{ "rules": { "schema/valid": "fatal" } }',
      'surveyor.config.json:1:30: `rules.schema/valid` must be one of `error`, `warning`, `info`, `off`, found string `fatal`',
    ],
    [
      'a list where an object belongs',
      '{ "json": [] }',
      'surveyor.config.json:1:11: `json` must be object, found an array',
    ],
    [
      'invalid JSON',
      '{ "rules": { } ',
      'surveyor.config.json:1:16: Unexpected end of file, expected `,` or `}`: the file is truncated',
    ],
    [
      'an unknown rule id',
      '{ "rules": { "schema/unmaped": "off" } }',
      'unknown rule `schema/unmaped` in `rules`, did you mean `schema/unmapped`?',
    ],
    [
      'a glob from the filesystem root, which never matches',
      '{ "docs": { "pages": ["/**"] } }',
      'surveyor.config.json:1:23: `docs.pages.0`: Unexpected absolute glob `/**`, which matches nothing: globs are relative to the root, write it without the leading `/`',
    ],
    [
      'a glob that climbs out of the root, which never matches',
      '{ "json": { "files": ["ops/**", "../**"] } }',
      'surveyor.config.json:1:33: `json.files.1`: Unexpected `..` in glob `../**`, which matches nothing: surveyor reads only files under the root, write the glob from the root',
    ],
    [
      'a negated absolute glob',
      '{ "ignore": ["!/ops/**"] }',
      'surveyor.config.json:1:14: `ignore.0`: Unexpected absolute glob `!/ops/**`, which matches nothing: globs are relative to the root, write it without the leading `/`',
    ],
  ])('rejects %s with one line naming the place and the field', async (_name, config, message) => {
    expect(await configError(config)).toBe(message);
  });

  it('counts further problems without listing them', async () => {
    expect(await configError('{ "a": 1, "b": 2 }')).toMatch(/unknown key `a`, `b`|\(and 1 more\)/);
  });
});

describe('rule severities and presets', () => {
  // The install matrix turns the atlas preset on (and surveyor's built-in schema covers it); the other two are unmapped.
  const unmappedTree = {
    'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
    'ops/inventory/owners.json': '{ "owners": [] }\n',
    'ops/release/evidence/waivers.json': '{ "waivers": [] }\n',
  };

  it('applies the atlas preset when the install matrix exists', async () => {
    const ids = findings(await checkTree(unmappedTree, { only: ['schema/unmapped'] })).map((f) => f.at);
    expect(ids).toEqual(['ops/inventory/owners.json:1:1', 'ops/release/evidence/waivers.json:1:1']);
  });

  it('applies no contract folders without the preset', async () => {
    expect(await checkTree({ 'ops/release/evidence/policy.json': '{}\n' }, { only: ['schema/unmapped'] })).toEqual([]);
  });

  it('turns a rule off and changes a severity', async () => {
    const off = await checkTree({
      ...unmappedTree,
      'surveyor.config.json': '{ "rules": { "schema/unmapped": "off" } }',
    });
    expect(off.filter((d) => d.ruleId === 'schema/unmapped')).toEqual([]);
    const error = await checkTree({
      ...unmappedTree,
      'surveyor.config.json': '{ "rules": { "schema/unmapped": "error" } }',
    });
    expect(error.filter((d) => d.ruleId === 'schema/unmapped').map((d) => d.severity)).toEqual(['error', 'error']);
  });

  it('lets a config choose the preset explicitly', async () => {
    const none = await checkTree(
      { ...unmappedTree, 'surveyor.config.json': '{ "preset": "none" }' },
      { only: ['schema/unmapped'] },
    );
    expect(none).toEqual([]);
  });

  it('leaves ignored files out entirely', async () => {
    const diagnostics = await checkTree({
      'surveyor.config.json': '{ "ignore": ["vendor/**"] }',
      'vendor/bad.json': '{,}',
    });
    expect(diagnostics).toEqual([]);
  });
});

describe('the config JSON Schema', () => {
  const committed = JSON.parse(
    readFileSync(new URL('../../schemas/surveyor.config.schema.json', import.meta.url), 'utf8'),
  ) as object;

  it('is the one generated from the zod schema (run `npm run docs` after changing it)', () => {
    expect(committed).toEqual(configJsonSchema());
  });

  it('accepts what the tool accepts and rejects an unknown key', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(committed);
    expect(
      validate({
        preset: 'atlas',
        rules: { 'schema/unmapped': 'off' },
        schemas: { strict: 'log', map: [{ instances: 'a/*.json', schema: 's.json' }] },
      }),
    ).toBe(true);
    expect(validate({ rulez: {} })).toBe(false);
  });
});
