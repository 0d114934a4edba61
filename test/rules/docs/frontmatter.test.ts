import { describe, expect, it } from 'vitest';
import { examplePage } from '../../../src/docs/example-page.js';
import { ruleFindings } from './rule-cases.js';

const schema = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['title', 'tags'],
  properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
});
const page = (fields: string) => `---\n${fields}\n---\n\n# Page\n`;

describe('docs/frontmatter', () => {
  it("validates against the repository's own schema when configured", async () => {
    const files = {
      'docs/schema/frontmatter.schema.json': schema,
      'docs/a.md': page('title: Page\ntags: [ops]'),
      'docs/b.md': page('title: Page\ntags: ops'),
    };
    expect(
      await ruleFindings('docs/frontmatter', files, {
        docs: { frontmatterSchema: 'docs/schema/frontmatter.schema.json' },
      }),
    ).toEqual(['docs/b.md:3:7 schema']);
  });

  it('reports a configured schema that does not exist once, at the config', async () => {
    const files = {
      'surveyor.config.json': '{\n  "docs": { "frontmatterSchema": "docs/none.schema.json" }\n}\n',
      'docs/a.md': page('title: Page'),
      'docs/b.md': page('title: Page'),
    };
    expect(await ruleFindings('docs/frontmatter', files)).toEqual(['surveyor.config.json:2:34 schemaMissing']);
  });

  it('reports a configured schema that does not compile once, at the schema', async () => {
    const files = {
      'schemas/fm.json': '{ "type": "objekt" }',
      'docs/a.md': page('title: Page'),
      'docs/b.md': page('title: Page'),
    };
    expect(await ruleFindings('docs/frontmatter', files, { docs: { frontmatterSchema: 'schemas/fm.json' } })).toEqual([
      'schemas/fm.json:1:1 schemaBroken',
    ]);
  });

  it('names each field the built-in schema finds wrong, at the field', async () => {
    const text = examplePage({ audience: undefined, status: '' }, '# Install Matrix\n').replace(
      'owner: platform-ops',
      'owner: [platform-ops]',
    );
    expect(await ruleFindings('docs/frontmatter', { 'docs/a.md': text })).toEqual([
      'docs/a.md:2:1 schema',
      'docs/a.md:4:9 schema',
      'docs/a.md:5:8 schema',
    ]);
  });

  it('leaves pages outside `docs.pages` and under `docs.exclude` alone', async () => {
    const files = {
      'README.md': '# Readme\n',
      'docs/generated/api.md': '# API\n',
      'docs/a.md': examplePage({}, '# Install Matrix\n'),
    };
    expect(await ruleFindings('docs/frontmatter', files, { docs: { exclude: ['docs/generated/**'] } })).toEqual([]);
  });
});
