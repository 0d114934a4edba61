import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { BUILTIN_FRONTMATTER_SCHEMA, loadFrontMatterSchema } from '../../src/docs/frontmatter-schema.js';
import { SchemaSet } from '../../src/schema/schema-set.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function load(tree: Record<string, string>, strict: boolean) {
  const workspace = new Workspace(new MemorySource(tree));
  const config = resolveConfig({ schemas: { strict } }, 'atlas');
  return loadFrontMatterSchema(workspace, config, () => new SchemaSet(workspace, config, []));
}

describe('the shipped front-matter schema', () => {
  it('is compiled once per process for each setting, whatever the repository', () => {
    const first = load({ 'docs/index.md': '# A\n' }, false);
    const second = load({ 'docs/other.md': '# B\n', 'mkdocs.yml': 'site_name: b\n' }, false);
    const strict = load({ 'docs/index.md': '# A\n' }, true);
    expect(first.ok && first.builtin && first.path).toBe(BUILTIN_FRONTMATTER_SCHEMA);
    expect(second).toBe(first);
    expect(strict.ok).toBe(true);
    expect(strict).not.toBe(first);
  });

  it('names every missing field of an empty block, on every run that asks', () => {
    for (const strict of [false, true, false]) {
      const schema = load({}, strict);
      if (!schema.ok) throw new Error('the shipped schema does not compile');
      expect(schema.validate({}).map((e) => e.message)).toEqual(
        ['title', 'audience', 'type', 'status', 'owner', 'last_reviewed'].map((f) =>
          expect.stringContaining(`\`${f}\``),
        ),
      );
    }
  });
});
