import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { allRules } from '../../rules/index.js';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import type { CheckId, GateCheck, GateReport, GateResult } from '../../src/gate/gate-report.js';
import { type GateOptions, runGate } from '../../src/gate/run-gate.js';
import { surveyorPackageRoot } from '../../src/version.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editJson, exampleTree, type Tree } from '../support/atlas-tree.js';
import { NO_AUTO_MAINTENANCE } from '../support/git-repo.js';

/** "Today" for every gate run of the tests, so date-based rules answer the same on any day. */
export const TODAY = new Date('2026-11-27T00:00:00Z');

/**
 * The example without its docs site: the contracts, evidence and scenarios of a release
 * that is ready for 1.4.0, small enough that one defect affects nothing but itself.
 */
export function releaseTree(): Tree {
  const tree = exampleTree();
  for (const file of Object.keys(tree)) if (file.startsWith('docs/') || file === 'mkdocs.yml') delete tree[file];
  return editJson(tree, 'ops/release/evidence/manifest.json', (manifest) => delete manifest.docs_site_summary);
}

/** The gate over an in-memory tree, with every rule. */
export function gateTree(tree: Tree, options: Partial<GateOptions> = {}): Promise<GateResult> {
  return runGate({ release: '1.4.0', source: new MemorySource(tree), rules: allRules, now: TODAY, ...options });
}

/** The gate over a folder on disk, with every rule. */
export function gateRoot(root: string, options: Partial<GateOptions> = {}): Promise<GateResult> {
  return runGate({ release: '1.4.0', root, rules: allRules, now: TODAY, ...options });
}

/** The ids of the checks that block the release. */
export function blockingChecks(report: GateReport): CheckId[] {
  return report.checks.filter((check) => check.status === 'fail').map((check) => check.id);
}

/** One check of a report. */
export function checkOf(report: GateReport, id: CheckId): GateCheck {
  return report.checks.find((check) => check.id === id)!;
}

/** Every error-level finding of a report, whatever its check. */
export function errorsOf(report: GateReport): Diagnostic[] {
  return report.checks.flatMap((check) => check.diagnostics.filter((d) => d.severity === 'error'));
}

/** Runs git in a folder with a fixed identity and dates, failing loudly. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    [
      '-c',
      'user.name=Release Bot',
      '-c',
      'user.email=release@atlas.example.org',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...NO_AUTO_MAINTENANCE,
        GIT_AUTHOR_DATE: '2026-11-20T12:00:00Z',
        GIT_COMMITTER_DATE: '2026-11-20T12:00:00Z',
      },
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** A validator of gate reports: the gate report schema with the report schema it refers to. */
export function gateReportValidator() {
  const schemas = path.join(surveyorPackageRoot(), 'schemas');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addSchema(JSON.parse(readFileSync(path.join(schemas, 'report.schema.json'), 'utf8')));
  return ajv.compile(JSON.parse(readFileSync(path.join(schemas, 'gate-report.schema.json'), 'utf8')));
}
