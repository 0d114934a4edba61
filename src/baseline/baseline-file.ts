import { WriteRefusedError, writeAtomically } from '../atomic-write.js';
import { compareText } from '../compare-text.js';
import type { BaselineFinding, Diagnostic } from '../engine/diagnostic.js';
import { fingerprintFindings, type HeadingAnchors } from '../engine/fingerprint.js';
import { loadPackage } from '../load-package.js';
import { readFailureReason, readRegularFile } from '../workspace/regular-file.js';
import { MAX_READ_BYTES } from '../workspace/workspace.js';
import { canonicalBaselineFinding } from './baseline-finding.js';

/** Version of the baseline file format this surveyor reads and writes. */
export const BASELINE_VERSION = 1;

/** A baseline file (`schemas/baseline.schema.json`): the findings a repository already had, by fingerprint. */
export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** Sorted by file, rule, pointer or anchor, message and fingerprint. */
  findings: BaselineFinding[];
}

/** A baseline that cannot be read or written; the CLI prints its one line and exits 2. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** The zod schema of a baseline file, built on first use so that runs without a baseline never load zod. */
function baselineSchema() {
  const z = loadPackage<typeof import('zod')>('zod');
  const finding = z.strictObject({
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex digits'),
    ruleId: z.string().min(1),
    file: z.string().min(1),
    pointer: z.string().optional(),
    anchor: z.string().optional(),
    message: z.string(),
  });
  return z.strictObject({
    $schema: z.string().optional(),
    version: z.literal(BASELINE_VERSION),
    findings: z.array(finding),
  });
}

/**
 * The baseline that records these findings, each by the fingerprint SARIF also uses
 * (`anchors`: the run's `headingAnchors`).
 */
export function baselineOf(diagnostics: readonly Diagnostic[], anchors?: HeadingAnchors): Baseline {
  const findings = fingerprintFindings(diagnostics, anchors).map(
    ({ identity, fingerprint }, index): BaselineFinding => {
      const entry: BaselineFinding = {
        fingerprint,
        ruleId: identity.ruleId,
        file: identity.file,
        message: diagnostics[index]!.message,
      };
      if (identity.pointer !== undefined) entry.pointer = identity.pointer;
      if (identity.anchor !== undefined) entry.anchor = identity.anchor;
      return entry;
    },
  );
  return { version: BASELINE_VERSION, findings: findings.sort(compareBaselineFindings) };
}

/** Deterministic order of baseline entries: file, rule, pointer or anchor, message, fingerprint. */
export function compareBaselineFindings(a: BaselineFinding, b: BaselineFinding): number {
  return (
    compareText(a.file, b.file) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.pointer ?? a.anchor ?? '', b.pointer ?? b.anchor ?? '') ||
    compareText(a.message, b.message) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** The text of a baseline file: keys in the schema's order, entries sorted, two-space JSON, LF, a final newline. */
export function formatBaseline(baseline: Baseline): string {
  const findings = [...baseline.findings].sort(compareBaselineFindings).map(canonicalBaselineFinding);
  return `${JSON.stringify({ version: baseline.version, findings }, null, 2)}\n`;
}

/** Reads and validates a baseline file; throws `BaselineError` with one line saying what is wrong. */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readRegularFile(file, MAX_READ_BYTES).toString('utf8');
  } catch (error) {
    throw new BaselineError(
      `cannot read baseline \`${file}\` (${readFailureReason(error)}): write one with \`surveyor check --write-baseline ${file}\``,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `baseline \`${file}\` is not JSON (${(error as Error).message.split('\n')[0]}): write it again with \`surveyor check --write-baseline\``,
    );
  }
  const parsed = baselineSchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `\`${issue.path.map(String).join('.')}\`` : 'the top level';
    throw new BaselineError(
      `baseline \`${file}\` is not a surveyor baseline (${where}: ${issue.message}): write it again with \`surveyor check --write-baseline\``,
    );
  }
  return { version: parsed.data.version, findings: parsed.data.findings.map(canonicalBaselineFinding) };
}

/**
 * Writes a baseline atomically (temp file, then rename), so a reader never sees half of one;
 * never through a link inside `root` that leaves it.
 */
export function writeBaseline(file: string, baseline: Baseline, root?: string): void {
  try {
    writeAtomically(file, formatBaseline(baseline), root === undefined ? {} : { root });
  } catch (error) {
    if (error instanceof WriteRefusedError)
      throw new BaselineError(`cannot write baseline \`${file}\`: ${error.message}`);
    throw new BaselineError(
      `cannot write baseline \`${file}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check that its folder exists and is writable`,
    );
  }
}
