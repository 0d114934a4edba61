import { parseSemver } from '../atlas/semver.js';
import type { Baseline } from '../baseline/baseline-file.js';
import { splitByBaseline } from '../baseline/compare-baseline.js';
import { closest } from '../closest.js';
import { compareText } from '../compare-text.js';
import type { UserConfig } from '../config/config-schema.js';
import type { BaselineComparison, Diagnostic, Severity } from '../engine/diagnostic.js';
import type { Rule } from '../engine/rule.js';
import { compareDiagnostics, diagnosticAt, openSession, runCheck } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { runGenerate } from '../generate/run-generate.js';
import { versionGraph } from '../generate/versions.js';
import { DiskSource, type FileSource } from '../workspace/file-source.js';
import type { Workspace } from '../workspace/workspace.js';
import { docsCheck } from './docs-check.js';
import { evidenceCheck } from './evidence-check.js';
import type { CheckOutcome, GateContext, GateFinding } from './gate-check.js';
import { GateInputError } from './gate-error.js';
import {
  CHECK_IDS,
  type CheckId,
  type CheckStatus,
  type EvidenceItem,
  type GateCheck,
  type GateReport,
  type GateResult,
} from './gate-report.js';
import { identityCheck } from './identity-check.js';
import { matrixCheck } from './matrix-check.js';
import { readinessCheck } from './readiness-check.js';
import { scenariosCheck } from './scenarios-check.js';

/** What a gate run needs. */
export interface GateOptions {
  /** The release being promoted, `X.Y.Z`. */
  release: string;
  root?: string;
  source?: FileSource;
  configPath?: string;
  config?: UserConfig;
  /** The release profiles; default: the matrix profiles of `gate.releaseSuites`. */
  profiles?: readonly string[];
  /** The rules `surveyor check` runs. */
  rules: readonly Rule[];
  /** "Today" for date-based rules. */
  now?: Date;
  /** Findings this baseline records do not block; the ones it records that are gone are listed as fixed. */
  baseline?: { file: string; baseline: Baseline };
}

/** The gate check that takes the findings of each rule group; the rest stay with `check`. */
const CHECK_OF_GROUP: Readonly<Record<string, CheckId>> = {
  evidence: 'evidence',
  scenario: 'scenarios',
  matrix: 'matrix',
  readiness: 'readiness',
  generated: 'docs',
};

/** Where each gate check is documented, as the `url` of its findings. */
const GATE_DOCS = 'docs/cli.md#surveyor-gate';

/**
 * The release readiness verdict: runs `surveyor check` and the gate's checks (identity,
 * evidence, scenarios, matrix, readiness, docs) over one session, each check listing the
 * evidence it used. Throws `UsageError` or `GateInputError` when the release cannot be evaluated.
 */
export async function runGate(given: GateOptions): Promise<GateResult> {
  // `v1.4.0` is how tags name releases; the contracts name them `1.4.0`.
  const options = { ...given, release: given.release.replace(/^v(?=\d)/, '') };
  if (!parseSemver(options.release))
    throw new UsageError(`--release expects a version as X.Y.Z, got \`${given.release}\``);
  const session = await openSession(options);
  const { workspace, config } = session;
  const atlas = await session.facts.atlas();
  const matrix = config.atlas.enabled ? atlas.installMatrix : undefined;
  if (!matrix)
    throw new GateInputError(
      `no install matrix at \`${config.atlas.installMatrix}\` under the root: the gate evaluates an Atlas repository`,
    );

  const declared = matrix.profiles.map((p) => p.name);
  let profiles: string[];
  if (options.profiles?.length) {
    for (const name of options.profiles) {
      if (declared.includes(name)) continue;
      const hint = closest(name, declared);
      throw new GateInputError(
        `profile \`${name}\` is not in the install matrix${hint ? `, did you mean \`${hint}\`?` : `, which has ${declared.map((d) => `\`${d}\``).join(', ')}`}`,
      );
    }
    profiles = [...new Set(options.profiles)].sort();
  } else {
    profiles = matrix.profiles
      .filter((p) => p.suite !== undefined && config.gate.releaseSuites.includes(p.suite))
      .map((p) => p.name)
      .sort();
  }

  const run = await runCheck({ session, rules: options.rules, ...(options.now ? { now: options.now } : {}) });
  const generated = await runGenerate({ session, check: true });
  const context: GateContext = {
    release: options.release,
    profiles,
    atlas,
    workspace,
    config,
    ...(workspace.source instanceof DiskSource ? { rootDir: workspace.source.root } : {}),
  };
  const outcomes: Record<Exclude<CheckId, 'check'>, CheckOutcome> = {
    identity: identityCheck(context),
    evidence: evidenceCheck(context),
    scenarios: scenariosCheck(context),
    matrix: matrixCheck(context),
    readiness: readinessCheck(context),
    docs: docsCheck(context, generated),
  };

  const byCheck = new Map<CheckId, Diagnostic[]>(CHECK_IDS.map((id) => [id, []]));
  for (const d of run.report.diagnostics) byCheck.get(CHECK_OF_GROUP[d.ruleId.split('/')[0]!] ?? 'check')!.push(d);
  for (const [id, outcome] of Object.entries(outcomes) as [CheckId, CheckOutcome][]) {
    const list = byCheck.get(id)!;
    // A rule finding at the same place says the same thing: keep the rule's, which `check` reports too.
    const reported = new Set(list.map(placeKey));
    for (const finding of outcome.findings) {
      const diagnostic = toDiagnostic(id, finding, workspace);
      if (!reported.has(placeKey(diagnostic))) list.push(diagnostic);
    }
    list.sort(compareDiagnostics);
  }

  let comparison: BaselineComparison | undefined;
  if (options.baseline) {
    const all = CHECK_IDS.flatMap((id) => byCheck.get(id)!);
    const split = splitByBaseline(all, options.baseline.baseline, run.source);
    const known = new Set(split.known);
    for (const id of CHECK_IDS)
      byCheck.set(
        id,
        byCheck.get(id)!.filter((d) => !known.has(d)),
      );
    comparison = { file: options.baseline.file, known: split.known.length, fixed: split.fixed };
  }

  const filesChecked = run.report.summary.files;
  const checks: GateCheck[] = CHECK_IDS.map((id) => {
    const diagnostics = byCheck.get(id)!;
    const passed =
      id === 'check'
        ? `\`surveyor check\` reports nothing outside the checks below (${filesChecked} ${filesChecked === 1 ? 'file' : 'files'}, ${run.report.summary.rules} rules)`
        : outcomes[id].passed;
    const evidence =
      id === 'check' ? configEvidence(session.config.configFile, atlas) : sortEvidence(outcomes[id].evidence);
    return { id, status: statusOf(diagnostics), summary: summaryOf(diagnostics, passed), evidence, diagnostics };
  });
  const report: GateReport = {
    verdict: checks.some((c) => c.status === 'fail') ? 'blocked' : 'ready',
    release: options.release,
    profiles,
    checks,
    ...(comparison ? { baseline: comparison } : {}),
  };
  return { report, versionGraph: versionGraph.render(atlas, {}), root: session.displayRoot };
}

function configEvidence(configFile: string | undefined, atlas: GateContext['atlas']): EvidenceItem[] {
  if (configFile === undefined || !atlas.workspace.hasFile(configFile)) return [];
  const sha256 = atlas.fileDigest(configFile);
  return [{ file: configFile, ...(sha256 === undefined ? {} : { sha256 }), detail: 'the surveyor config' }];
}

function placeKey(d: Diagnostic): string {
  return `${d.file}\u0000${d.pointer ?? `@${d.line}`}`;
}

function statusOf(diagnostics: readonly Diagnostic[]): CheckStatus {
  if (diagnostics.some((d) => d.severity === 'error')) return 'fail';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warn';
  return 'pass';
}

/** The first error (else warning) of a check, with how many more there are; what passed when there is none. */
function summaryOf(diagnostics: readonly Diagnostic[], passed: string): string {
  for (const severity of ['error', 'warning'] as const satisfies Severity[]) {
    const found = diagnostics.filter((d) => d.severity === severity);
    if (found.length === 0) continue;
    const more = found.length - 1;
    return more
      ? `${found[0]!.message} (and ${more} more ${severity === 'error' ? (more === 1 ? 'error' : 'errors') : more === 1 ? 'warning' : 'warnings'})`
      : found[0]!.message;
  }
  return passed;
}

function sortEvidence(items: readonly EvidenceItem[]): EvidenceItem[] {
  const text = (value: string | undefined) => value ?? '';
  return [...items].sort((a, b) => compareText(a.file, b.file) || compareText(text(a.detail), text(b.detail)));
}

function toDiagnostic(id: CheckId, finding: GateFinding, workspace: Workspace): Diagnostic {
  const place = finding.related ? { ...finding.place, related: finding.related } : finding.place;
  return diagnosticAt(workspace, place, {
    ruleId: `gate/${id}`,
    severity: finding.severity,
    message: finding.message,
    url: GATE_DOCS,
  });
}
