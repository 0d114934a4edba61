import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GateInputError } from '../../src/gate/gate-error.js';
import { formatGateJson } from '../../src/gate/gate-json.js';
import { formatGateMarkdown } from '../../src/gate/gate-markdown.js';
import { readWaivers, type Waiver } from '../../src/gate/waivers.js';
import { editText } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';
import { gateReportValidator, gateTree, releaseTree } from './gate-fixtures.js';

const tempDir = tempDirs('surveyor-waivers-');
const SCENARIO = 'ops/e2e/scenarios/upgrade/upgrade-minor.json';

/** The release fixture with a duplicate key: a `check` finding a team may accept for a release. */
const withDuplicateKey = () =>
  editText(releaseTree(), SCENARIO, '"schema_version": 1,', '"schema_version": 1,\n  "schema_version": 1,');

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  rule: 'json/duplicate-key',
  file: SCENARIO,
  reason: 'the scenario runner reads the last key; cleaned up in 1.4.1',
  owner: 'release-eng',
  expires: '2026-12-31',
  ...overrides,
});

function waiversFile(content: unknown): string {
  const file = path.join(tempDir(), 'waivers.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('gate --waivers', () => {
  it('accepts a finding of `check` until its expiry, listed in the report', async () => {
    const result = await gateTree(withDuplicateKey(), { waivers: { file: 'waivers.json', waivers: [waiver()] } });
    expect(result.report.verdict).toBe('ready');
    expect(result.report.waivers).toEqual({
      file: 'waivers.json',
      entries: [{ ...waiver(), status: 'active', waived: 1 }],
    });
    const validate = gateReportValidator();
    expect(validate(JSON.parse(formatGateJson(result))), JSON.stringify(validate.errors)).toBe(true);
    expect(formatGateMarkdown(result)).toContain(
      '| `json/duplicate-key` | `ops/e2e/scenarios/upgrade/upgrade-minor.json` | ✔ active | 1 | 2026-12-31 | release-eng | the scenario runner reads the last key; cleaned up in 1.4.1 |',
    );
  });

  it('blocks the release once a waiver has expired, and waives nothing with it', async () => {
    const expired = waiver({ expires: '2026-11-26' });
    const result = await gateTree(withDuplicateKey(), { waivers: { file: 'waivers.json', waivers: [expired] } });
    expect(result.report.verdict).toBe('blocked');
    expect(result.report.waivers?.entries).toEqual([{ ...expired, status: 'expired', waived: 0 }]);
    expect(result.report.checks.find((c) => c.id === 'check')?.status).toBe('fail');
    expect(formatGateMarkdown(result)).toContain('is blocked by `check`, an expired waiver');
    // Expired with nothing left to waive: still blocks.
    const alone = await gateTree(releaseTree(), { waivers: { file: 'waivers.json', waivers: [expired] } });
    expect(alone.report.verdict).toBe('blocked');
    expect(formatGateMarkdown(alone)).toContain('### ❌ Release `1.4.0` is blocked by an expired waiver');
  });

  it('marks a waiver that matched nothing as unused, and holds through its expiry day', async () => {
    const lastDay = waiver({ expires: '2026-11-27' });
    const result = await gateTree(releaseTree(), { waivers: { file: 'waivers.json', waivers: [lastDay] } });
    expect(result.report.verdict).toBe('ready');
    expect(result.report.waivers?.entries[0]).toMatchObject({ status: 'unused', waived: 0 });
  });

  it('refuses a waiver for a rule of a check that decides readiness, or for a rule that does not exist', async () => {
    await expect(
      gateTree(releaseTree(), { waivers: { file: 'w.json', waivers: [waiver({ rule: 'evidence/sha256' })] } }),
    ).rejects.toThrow(
      new GateInputError(
        'waivers `w.json` name rule `evidence/sha256` of the `evidence` check, which decides readiness and is never waived: fix what it finds',
      ),
    );
    await expect(
      gateTree(releaseTree(), { waivers: { file: 'w.json', waivers: [waiver({ rule: 'json/duplicate-keys' })] } }),
    ).rejects.toThrow('name rule `json/duplicate-keys`, which does not exist, did you mean `json/duplicate-key`?');
  });

  it('validates the file, naming the entry and field', () => {
    expect(() => readWaivers(waiversFile({ waivers: [{ ...waiver(), owner: ' ' }] }))).toThrow(
      /at `\/waivers\/0\/owner`: a non-empty string; each waiver needs `rule`, `file`, `reason`, `owner` and `expires`/,
    );
    expect(() => readWaivers(waiversFile({ waivers: [{ ...waiver(), expires: '31/12/2026' }] }))).toThrow(
      /at `\/waivers\/0\/expires`: a date as YYYY-MM-DD/,
    );
    expect(() => readWaivers(waiversFile({ waivers: [{ ...waiver(), until: '2027-01-01' }] }))).toThrow(
      /`\/waivers\/0`/,
    );
    expect(() => readWaivers(waiversFile('{ "waivers": ['))).toThrow(/is not JSON/);
    expect(readWaivers(waiversFile({ waivers: [waiver()] })).waivers).toEqual([waiver()]);
  });

  it('is read by the CLI, a bad file exiting 2 with one line', async () => {
    const bad = await runCli([
      'gate',
      '--release',
      '1.4.0',
      '--root',
      tempDir(),
      '--waivers',
      waiversFile({ waivers: [{ rule: 'docs/link' }] }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^surveyor: waivers `.*waivers\.json` at `\/waivers\/0\/file`: .*\n$/);
  });
});
