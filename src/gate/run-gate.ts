import { parseSemver } from '../atlas/semver.js';
import type { Baseline } from '../baseline/baseline-file.js';
import { splitByBaseline } from '../baseline/compare-baseline.js';
import { closest } from '../closest.js';
import { compareText } from '../compare-text.js';
import type { UserConfig } from '../config/config-schema.js';
import type { Citation, Diagnostic, RuleAudit, Severity } from '../engine/diagnostic.js';
import { GATE_CHECKS, gateCheckOf, type Rule } from '../engine/rule.js';
import { openSession, resolveRelease, runCheck } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { versionGraph } from '../generate/versions.js';
import { capitalise } from '../prose.js';
import { formatDuration } from '../signals/duration.js';
import type { LiveSignals } from '../signals/live-signals.js';
import { type SignalSpec, signalRequest } from '../signals/signal-spec.js';
import { snapshotOf } from '../signals/snapshot.js';
import type { FileSource } from '../workspace/file-source.js';
import { GateInputError } from './gate-error.js';
import {
  type CheckId,
  type CheckStatus,
  type EvidenceItem,
  type GateBaseline,
  type GateCheck,
  type GateReport,
  type GateResult,
  type GateSignals,
  RELEASE_BLOCKING,
} from './gate-report.js';
import { applyWaivers, type Waivers } from './waivers.js';

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
  /** "Today" for date-based rules and waiver expiry. */
  now?: Date;
  /** Findings this baseline records do not block, except in the checks that decide readiness. */
  baseline?: { file: string; baseline: Baseline };
  /** Accepted findings, each until its expiry date; never of the checks that decide readiness. */
  waivers?: Waivers;
  /** Ask the live signals (`--prometheus`, or `--signals` to replay): the `signals` check then runs. */
  signals?: SignalSpec;
}

/**
 * The release readiness verdict: runs the rules once, with the release in their context,
 * and groups their findings by each rule's `gate` check. What is the gate's own: the
 * verdict, each check's summary, and the files each check relied on with their sha256.
 * Throws `UsageError` or `GateInputError` when the release cannot be evaluated.
 */
export async function runGate(given: GateOptions): Promise<GateResult> {
  // `v1.4.0` is how tags name releases; the contracts name them `1.4.0`.
  const options = { ...given, release: given.release.replace(/^v(?=\d)/, '') };
  if (!parseSemver(options.release))
    throw new UsageError(`--release expects a version as X.Y.Z, got \`${given.release}\``);
  const checkOf = new Map(options.rules.map((rule) => [rule.id, gateCheckOf(rule)]));
  for (const waiver of options.waivers?.waivers ?? []) {
    const check = checkOf.get(waiver.rule);
    if (check === undefined)
      throw new GateInputError(
        `waivers \`${options.waivers!.file}\` name rule \`${waiver.rule}\`, which does not exist${hint(waiver.rule, [...checkOf.keys()])}`,
      );
    if (RELEASE_BLOCKING.includes(check))
      throw new GateInputError(
        `waivers \`${options.waivers!.file}\` name rule \`${waiver.rule}\` of the \`${check}\` check, which decides readiness and is never waived: fix what it finds`,
      );
  }
  const session = await openSession(options);
  const { config } = session;
  const atlas = await session.facts.atlas();
  const matrix = config.atlas.enabled ? atlas.installMatrix : undefined;
  if (!matrix)
    throw new GateInputError(
      `no install matrix at \`${config.atlas.installMatrix}\` under the root: the gate evaluates an Atlas repository`,
    );
  const declared = matrix.profiles.map((p) => p.name);
  for (const name of options.profiles ?? []) {
    if (declared.includes(name)) continue;
    const near = closest(name, declared);
    throw new GateInputError(
      `profile \`${name}\` is not in the install matrix${near ? `, did you mean \`${near}\`?` : `, which has ${declared.map((d) => `\`${d}\``).join(', ')}`}`,
    );
  }

  const now = options.now ?? new Date();
  // The checks of this report: `signals` is one only when the live signals were asked for.
  const checkIds = GATE_CHECKS.filter((id) => id !== 'signals' || options.signals !== undefined);
  const profiles = options.profiles?.length ? { profiles: options.profiles } : {};
  const run = await runCheck({
    session,
    rules: options.rules,
    now,
    release: options.release,
    ...profiles,
    audit: true,
    ...(options.signals ? { signals: signalRequest(options.signals, config.gate.signals.timeoutSeconds) } : {}),
  });
  let diagnostics = run.report.diagnostics;

  let baseline: GateBaseline | undefined;
  if (options.baseline) {
    const split = splitByBaseline(diagnostics, options.baseline.baseline, run.headingAnchors);
    const blocking = (d: Diagnostic) => RELEASE_BLOCKING.includes(checkOf.get(d.ruleId) ?? 'check');
    const waived = new Set(split.known.filter((d) => !blocking(d)));
    diagnostics = diagnostics.filter((d) => !waived.has(d));
    baseline = {
      file: options.baseline.file,
      known: waived.size,
      fixed: split.fixed,
      ignoredFor: RELEASE_BLOCKING.filter((check) => checkIds.includes(check)),
      ignored: split.known.length - waived.size,
    };
  }
  let waivers: GateReport['waivers'];
  if (options.waivers) {
    const applied = applyWaivers(diagnostics, options.waivers.waivers, now);
    diagnostics = applied.kept;
    waivers = { file: options.waivers.file, entries: applied.outcomes };
  }

  const byCheck = new Map<CheckId, Diagnostic[]>(GATE_CHECKS.map((id) => [id, []]));
  for (const d of diagnostics) byCheck.get(checkOf.get(d.ruleId) ?? 'check')!.push(d);
  const audits = new Map<CheckId, RuleAudit[]>(GATE_CHECKS.map((id) => [id, []]));
  for (const [ruleId, audit] of run.audit ?? []) audits.get(checkOf.get(ruleId) ?? 'check')!.push(audit);

  const { files, rules } = run.report.summary;
  const checks: GateCheck[] = checkIds.map((id) => {
    const found = byCheck.get(id)!;
    const audited = audits.get(id)!;
    const verified = audited.flatMap((audit) => audit.verified);
    const passed =
      id === 'check'
        ? `\`surveyor check\` reports nothing outside the checks below (${files} ${files === 1 ? 'file' : 'files'}, ${rules} rules)`
        : verified.length
          ? capitalise(verified.join(', '))
          : `No rule of the \`${id}\` check found anything`;
    const cited = audited.flatMap((audit) => audit.evidence);
    if (id === 'check' && config.configFile !== undefined)
      cited.push({ file: config.configFile, detail: 'the surveyor config' });
    return {
      id,
      status: statusOf(found),
      summary: summaryOf(found, passed),
      evidence: evidenceOf(cited, (file) => (atlas.workspace.hasFile(file) ? atlas.fileDigest(file) : undefined)),
      diagnostics: found,
    };
  });
  const expired = waivers?.entries.some((w) => w.status === 'expired') ?? false;
  const report: GateReport = {
    verdict: expired || checks.some((c) => c.status === 'fail') ? 'blocked' : 'ready',
    release: options.release,
    profiles: [...((await resolveRelease(session, { release: options.release, ...profiles }))?.profiles ?? [])],
    checks,
    ...(baseline ? { baseline } : {}),
    ...(waivers ? { waivers } : {}),
    ...(run.signals ? { signals: signalsSection(run.signals) } : {}),
  };
  return {
    report,
    versionGraph: versionGraph.render(atlas, {}),
    root: session.displayRoot,
    ...(run.signals
      ? {
          signalSnapshot: snapshotOf(
            run.signals.origin,
            run.signals.inputs.at,
            formatDuration(run.signals.inputs.windowMs),
            run.signals.answers,
          ),
        }
      : {}),
  };
}

/** The live signals as the report keeps them: every query with its time, Prometheus's raw answer and its sha256. */
function signalsSection(live: LiveSignals): GateSignals {
  return {
    source: live.origin,
    at: new Date(live.inputs.at * 1000).toISOString(),
    window: formatDuration(live.inputs.windowMs),
    queries: live.queries.map((planned, index) => {
      const answer = live.answers[index]!;
      return {
        purpose: planned.purpose,
        query: answer.query,
        time: answer.time,
        httpStatus: answer.httpStatus,
        ...(answer.body === undefined ? {} : { answer: answer.body }),
        ...(answer.error === undefined ? {} : { error: answer.error }),
        sha256: answer.sha256,
      };
    }),
    slos: live.slos.measured.map((m) => ({
      id: m.id,
      query: m.query,
      ...(m.value === undefined || Number.isNaN(m.value) ? {} : { value: m.value }),
      objective: m.objective,
      unit: m.unit,
      direction: m.direction,
      status: m.status,
    })),
  };
}

function hint(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  return near ? `, did you mean \`${near}\`?` : '';
}

/** One entry per file, details of the same file joined in the order the rules gave them, sorted by file. */
function evidenceOf(citations: readonly Citation[], digest: (file: string) => string | undefined): EvidenceItem[] {
  const items = new Map<string, EvidenceItem>();
  for (const citation of citations) {
    let item = items.get(citation.file);
    if (!item) {
      item = { file: citation.file };
      const sha256 = citation.sha256 ?? digest(citation.file);
      if (sha256 !== undefined) item.sha256 = sha256;
      items.set(citation.file, item);
    }
    const detail = citation.detail;
    if (detail !== undefined && !(item.detail ?? '').split('; ').includes(detail))
      item.detail = item.detail ? `${item.detail}; ${detail}` : detail;
  }
  return [...items.values()].sort((a, b) => compareText(a.file, b.file));
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
