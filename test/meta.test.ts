import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { renderRulesIndex } from '../src/reference/rule-docs.js';
import { parseRulesIndex, shippedRuleList } from '../src/reference/shipped-rule-page.js';
import { generatedFiles } from './dev/generated-files.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('rules', () => {
  it('have unique `group/name` ids in kebab case', () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(allRules.map((r) => [r.id, r] as const))(
    '%s lives at rules/<id>.ts and documents itself',
    async (id, rule) => {
      const module = (await import(/* @vite-ignore */ path.join(packageRoot, `rules/${id}.ts`))) as {
        default: unknown;
      };
      expect(module.default).toBe(rule);
      expect(rule.description).not.toMatch(/\.$/);
      expect(rule.rationale.trim().length).toBeGreaterThan(80);
      // That every message is really reported is checked by running the rules: test/rules/messages.test.ts.
      expect(existsSync(path.join(packageRoot, `docs/rules/${id}.md`))).toBe(true);
    },
  );
});

describe('generated files', () => {
  it('are current: rule pages, rules index and config schema (run `npm run docs`)', async () => {
    const files = await generatedFiles();
    for (const [file, content] of files) {
      const onDisk = existsSync(path.join(packageRoot, file))
        ? readFileSync(path.join(packageRoot, file), 'utf8')
        : undefined;
      expect(onDisk, `${file} is out of date`).toBe(content);
    }
    // `surveyor explain` prints the page of a rule id as shipped: a page no rule generates would outlive its rule.
    const pages = readdirSync(path.join(packageRoot, 'docs/rules'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/rules/${name.split(path.sep).join('/')}`);
    expect(pages.filter((page) => !files.has(page))).toEqual([]);
  });

  it('list every rule in the shipped index as `surveyor rules` prints them, and read back whatever a description holds', () => {
    const listed = (rules: readonly { id: string; severity: string; description: string }[]) =>
      rules.map(({ id, severity, description }) => ({ id, severity, description }));
    // `surveyor rules` reads the shipped index instead of loading the rules.
    expect(shippedRuleList()).toEqual(listed(allRules));
    const awkward = allRules.slice(0, 2).map((rule, i) => ({
      ...rule,
      description: i === 0 ? 'A `a|b` pipe, a \\ backslash and | another' : `${rule.description} |`,
    }));
    expect(parseRulesIndex(renderRulesIndex(awkward))).toEqual(listed(awkward));
    expect(parseRulesIndex('| [`x/y`](x/y.md) | fatal | no such severity |')).toBeUndefined();
  });
});
