import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { runCheck } from '../../src/engine/run.js';
import { type MemoryFile, MemorySource } from '../../src/workspace/file-source.js';

const MATRIX = 'ops/k8s/install-matrix.json';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';

/** A rule that reports once per run, at the file it is given, whatever it finds. */
function probe(id: string, appliesTo?: Rule['appliesTo']): Rule {
  const fields = {
    id,
    description: 'Reports that it ran',
    severity: 'error' as const,
    inputs: ['**'],
    messages: { ran: 'The rule ran' },
    rationale: '',
    examples: { valid: [], invalid: [] },
  };
  if (!appliesTo)
    return defineRule({ ...fields, check: (context) => context.report({ file: MATRIX, messageId: 'ran' }) });
  return defineRule({
    ...fields,
    appliesTo: { atlas: appliesTo.atlas },
    check: (context) => {
      // The engine hands an Atlas rule the model it loaded.
      expect(context.atlas.workspace).toBe(context.workspace);
      context.report({ file: MATRIX, messageId: 'ran' });
    },
  });
}

const everywhere = probe('test/everywhere');
const atlasOnly = probe('test/atlas-only', { atlas: [] });
const needsBoth = probe('test/needs-both', { atlas: ['installMatrix', 'rolloutContract'] });
const probes = [everywhere, atlasOnly, needsBoth];

async function ran(files: Record<string, MemoryFile>, atlasSection = false): Promise<string[]> {
  const result = await runCheck({
    source: new MemorySource(files),
    rules: probes,
    ...(atlasSection ? { config: { atlas: {} } } : {}),
  });
  return result.report.diagnostics.map((d) => d.ruleId);
}

const matrix = `{ "schema_version": 1, "profiles": [] }\n`;
const contract = `{ "schema_version": 1, "profiles": [] }\n`;

describe('rule applicability (`appliesTo`)', () => {
  it('runs an Atlas rule only under the atlas preset', async () => {
    expect(await ran({ 'README.md': '# Hi\n' })).toEqual(['test/everywhere']);
    expect(await ran({ [MATRIX]: matrix, [CONTRACT]: contract })).toEqual([
      'test/atlas-only',
      'test/everywhere',
      'test/needs-both',
    ]);
  });

  it('runs an Atlas rule when an `atlas` config section turns the preset on', async () => {
    expect(await ran({ 'README.md': '# Hi\n' }, true)).toEqual(['test/atlas-only', 'test/everywhere']);
  });

  it('skips an Atlas rule when a contract it needs cannot be read', async () => {
    expect(await ran({ [MATRIX]: matrix })).toEqual(['test/atlas-only', 'test/everywhere']);
    expect(await ran({ [MATRIX]: matrix, [CONTRACT]: '{ "profiles": [' })).toEqual([
      'test/atlas-only',
      'test/everywhere',
    ]);
  });

  it('still counts a rule that does not apply as selected', async () => {
    const result = await runCheck({ source: new MemorySource({ 'README.md': '# Hi\n' }), rules: probes });
    expect(result.report.summary.rules).toBe(3);
  });

  it('is declared by every rule that reads the Atlas model, and by no other', () => {
    const atlasRules = allRules.filter((rule) => rule.appliesTo).map((rule) => rule.id);
    expect(atlasRules.length).toBe(33);
    for (const id of atlasRules)
      expect(id).toMatch(/^(atlas|matrix|rollout|helm|scenario|evidence|readiness|identity|signals)\//);
  });
});
