import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatGateJson } from '../../src/gate/gate-json.js';
import { formatGateMarkdown } from '../../src/gate/gate-markdown.js';
import type { GateResult } from '../../src/gate/gate-report.js';
import { GATE_REPORT_BEGIN, GATE_REPORT_END } from '../../src/gate/readme-report.js';
import { surveyorPackageRoot } from '../../src/version.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { blockingChecks, checkOf, errorsOf, gateReportValidator, gateRoot } from './gate-fixtures.js';

describe('the example, examples/atlas', () => {
  let ready: GateResult;
  beforeAll(async () => {
    // The pinned date `npm run docs` writes the README report with.
    ready = await gateRoot(EXAMPLE_ROOT);
  });

  it('is ready for 1.4.0, its commit unverifiable because it is not the top of a git checkout', () => {
    expect(ready.report.verdict).toBe('ready');
    expect(ready.report.profiles).toEqual(['prod-ha', 'prod-single-zone']);
    expect(ready.report.checks.map((c) => c.status)).toEqual(['pass', 'warn', 'pass', 'pass', 'pass', 'pass', 'pass']);
    const identity = checkOf(ready.report, 'identity');
    expect(identity.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'identity/unverified-commit',
        messageId: 'notCheckout',
        severity: 'warning',
        file: 'ops/release/evidence/identity.json',
        pointer: '/git_sha',
        line: 3,
      }),
    ]);
    expect(identity.summary).toMatch(/cannot be verified because the root is not the top of a git checkout/);
  });

  it('lists the evidence of each check with the sha256 of the bytes it read', () => {
    for (const check of ready.report.checks.filter((c) => c.id !== 'check'))
      expect(check.evidence.length, check.id).toBeGreaterThan(0);
    const onDisk = (file: string) =>
      createHash('sha256')
        .update(readFileSync(path.join(EXAMPLE_ROOT, file)))
        .digest('hex');
    const identity = checkOf(ready.report, 'identity').evidence.find(
      (e) => e.file === 'ops/release/evidence/identity.json',
    );
    expect(identity?.sha256).toBe(onDisk('ops/release/evidence/identity.json'));
    const readiness = checkOf(ready.report, 'readiness').evidence.find(
      (e) => e.file === 'ops/report/generated/readiness-score.json',
    );
    expect(readiness).toEqual({
      file: 'ops/report/generated/readiness-score.json',
      sha256: onDisk('ops/report/generated/readiness-score.json'),
      detail: 'score 100, status `ready`, threshold 100',
    });
    // A build output is verified against its member of the evidence tarball.
    const junit = checkOf(ready.report, 'evidence').evidence.find(
      (e) => e.file === 'artifacts/reports/upgrade-e2e-junit.xml',
    );
    expect(junit).toEqual({
      file: 'artifacts/reports/upgrade-e2e-junit.xml',
      sha256: createHash('sha256')
        .update(readFileSync(path.join(EXAMPLE_ROOT, 'evidence-src/reports/upgrade-e2e-junit.xml')))
        .digest('hex'),
      detail: 'in `ops/release/evidence/bundle.tar`; sha256 matches the manifest',
    });
    for (const check of ready.report.checks) {
      const files = check.evidence.map((e) => `${e.file}\u0000${e.detail ?? ''}`);
      expect(files, check.id).toEqual([...files].sort());
    }
  });

  it('writes JSON valid against schemas/gate-report.schema.json, byte for byte the same on every run', async () => {
    const validate = gateReportValidator();
    const json = formatGateJson(ready);
    expect(validate(JSON.parse(json)), JSON.stringify(validate.errors)).toBe(true);
    expect(formatGateJson(await gateRoot(EXAMPLE_ROOT))).toBe(json);
  });

  it('is blocked for 1.5.0 because nothing in it describes 1.5.0', async () => {
    const { report } = await gateRoot(EXAMPLE_ROOT, { release: '1.5.0' });
    expect(report.verdict).toBe('blocked');
    expect(blockingChecks(report)).toEqual(['identity', 'scenarios']);
    expect(errorsOf(report).map((d) => `${d.file}: ${d.message}`)).toEqual([
      'ops/k8s/charts/atlas/Chart.yaml: The chart version is `1.4.0`, not `1.5.0`: set `version` in `ops/k8s/charts/atlas/Chart.yaml` to the release',
      "ops/k8s/charts/atlas/Chart.yaml: The chart's `appVersion` is `1.4.0`, not `1.5.0`: set it to the release",
      'ops/release/evidence/identity.json: Release id `atlas-1.4.0` is release `1.4.0`, not `1.5.0`: collect the evidence for `1.5.0`',
      'ops/e2e/scenarios/upgrade/version-compatibility.json: `current_version` is `1.4.0` but the release is `1.5.0`: update the table for the release, or the chart',
      'ops/e2e/scenarios/upgrade/version-compatibility.json: There is no rollback scenario from `1.5.0` back to `1.4.0`, a transition the compatibility table does not support either: add one under `ops/e2e/scenarios/upgrade/` and a `supported: true` row for it',
      'ops/e2e/scenarios/upgrade/version-compatibility.json: There is no upgrade scenario from `1.4.0` into `1.5.0`, a transition the compatibility table does not support either: add one under `ops/e2e/scenarios/upgrade/` and a `supported: true` row for it',
    ]);
  });

  it('is shown in the README as the markdown report `npm run docs` writes', () => {
    const readme = readFileSync(path.join(surveyorPackageRoot(), 'README.md'), 'utf8');
    const region = readme.slice(
      readme.indexOf(GATE_REPORT_BEGIN) + GATE_REPORT_BEGIN.length,
      readme.indexOf(GATE_REPORT_END),
    );
    expect(region, 'README.md is out of date: run `npm run docs`').toBe(`\n\n${formatGateMarkdown(ready)}\n`);
  });
});
