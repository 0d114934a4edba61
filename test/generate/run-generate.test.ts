import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runCheck } from '../../src/engine/run.js';
import { copyExample, EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';

const tempDir = tempDirs('surveyor-generate-');

function exampleCopy(): string {
  const root = tempDir();
  copyExample(root);
  return root;
}

const cli = (args: string[]) => runCli(args);

async function findings(root: string) {
  const result = await runCheck({ root, rules: allRules, now: new Date('2026-11-27T00:00:00Z') });
  return result.report.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}`);
}

/** A patch scenario for the transition the example's table supports but no scenario covers. */
const NEW_SCENARIO = `${JSON.stringify(
  {
    schema_version: 1,
    id: 'upgrade-patch-1-3-0',
    from_version: '1.3.0',
    to_version: '1.3.1',
    kind: 'patch',
    steps: ['versioned-install', 'upgrade', 'verify-readiness'],
  },
  null,
  2,
)}\n`;

describe('surveyor generate on the example', () => {
  it('passes --check as committed', async () => {
    const { code, stdout, stderr } = await cli(['generate', '--check', '--root', EXAMPLE_ROOT]);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toMatch(/^✔ \d+ generated regions in \d+ pages are current\n$/);
  });

  it('reports drift when a scenario is added, shows it as a diff, and heals it', async () => {
    const root = exampleCopy();
    writeFileSync(path.join(root, 'ops/e2e/scenarios/upgrade/upgrade-patch-1-3-0.json'), NEW_SCENARIO);

    const drift = await findings(root);
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.every((f) => f.startsWith('generated/drift docs/'))).toBe(true);

    const check = await cli(['generate', '--check', '--root', root]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^--- docs\/operations\/flows\.md \(region upgrade-flow, as it is\)$/m);
    expect(check.stdout).toMatch(/^\+.*upgrade-patch-1-3-0: 1\.3\.0 #8594; 1\.3\.1/m);
    expect(check.stdout).toMatch(/^\+.*"patch: upgrade-patch-1-3-0"/m);
    expect(check.stderr).toMatch(/out of date/);
    const untouched = readFileSync(path.join(root, 'docs/operations/flows.md'), 'utf8');
    expect(untouched).not.toContain('upgrade-patch-1-3-0');

    const heal = await cli(['generate', '--root', root]);
    expect(heal.code).toBe(0);
    expect(heal.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'updated docs/operations/flows.md',
      'updated docs/operations/upgrades-and-rollback.md',
      'updated docs/reference/scenario-steps.md',
    ]);
    expect(await findings(root)).toEqual([]);
    expect((await cli(['generate', '--check', '--root', root])).code).toBe(0);
  });

  it('writes only pages whose content changes, atomically, leaving nothing behind', async () => {
    const root = exampleCopy();
    const pages = [
      'docs/operations/flows.md',
      'docs/operations/upgrades-and-rollback.md',
      'docs/reference/scenario-steps.md',
    ];
    const old = new Date('2020-01-01T00:00:00Z');
    for (const page of pages) utimesSync(path.join(root, page), old, old);
    const again = await cli(['generate', '--root', root]);
    expect(again.stdout).toBe('');
    for (const page of pages) expect(statSync(path.join(root, page)).mtime.getTime()).toBe(old.getTime());
    const leftovers = readdirSync(path.join(root, 'docs'), { recursive: true }).filter((f) =>
      String(f).includes('.tmp'),
    );
    expect(leftovers).toEqual([]);
  });

  it('leaves regions with problems alone and exits 1', async () => {
    const root = exampleCopy();
    const page = path.join(root, 'docs/operations/flows.md');
    const text = readFileSync(page, 'utf8').replace(
      '<!-- surveyor:begin rollback-flow -->',
      '<!-- surveyor:begin rollback-flow shape=round -->',
    );
    writeFileSync(page, text);
    const result = await cli(['generate', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^docs\/operations\/flows\.md:\d+:1: Unexpected attribute `shape` for `rollback-flow`/m,
    );
    expect(readFileSync(page, 'utf8')).toBe(text);
  });

  it('writes no diagram into marker-looking text in code, sentences, lists, quotes or other comments', async () => {
    const root = exampleCopy();
    const page = path.join(root, 'docs/operations/upgrades-and-rollback.md');
    const region = (name: string) => `<!-- surveyor:begin ${name} --> old <!-- surveyor:end ${name} -->`;
    const lines = (name: string) => `<!-- surveyor:begin ${name} -->\nold\n<!-- surveyor:end ${name} -->`;
    const decoys = [
      `Write \`${region('upgrade-flow')}\` where the diagram goes, or ${region('rollback-flow')} in a sentence.`,
      `    ${lines('upgrade-flow').replaceAll('\n', '\n    ')}`,
      `- A list\n  - nested\n\n    \`\`\`markdown\n    ${lines('rollback-flow').replaceAll('\n', '\n    ')}\n    \`\`\``,
      `> ${lines('upgrade-flow').replaceAll('\n', '\n> ')}`,
      '<!-- how to add a diagram:\n<!-- surveyor:begin rollback-flow\n<!-- surveyor:end rollback-flow\n-->',
    ].join('\n\n');
    const text = `${readFileSync(page, 'utf8')}\n${decoys}\n`;
    writeFileSync(page, text);
    const result = await cli(['generate', '--root', root]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: '0 of 4 pages updated (12 generated regions)\n',
    });
    expect(readFileSync(page, 'utf8')).toBe(text);
  });
});
