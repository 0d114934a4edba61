import type { Diagnostic } from '../engine/diagnostic.js';
import { loadPackage } from '../load-package.js';
import { readFailureReason, readRegularFile } from '../workspace/regular-file.js';
import { MAX_READ_BYTES } from '../workspace/workspace.js';
import { GateInputError } from './gate-error.js';

/** One accepted finding: which rule, in which file, why, who answers for it, and until when. */
export interface Waiver {
  rule: string;
  file: string;
  reason: string;
  owner: string;
  /** The last day the waiver holds, `YYYY-MM-DD`. */
  expires: string;
}

/** A waivers file (`schemas/waivers.schema.json`), as given to `surveyor gate --waivers`. */
export interface Waivers {
  file: string;
  waivers: Waiver[];
}

/** How a waiver came out in a gate run: `expired` blocks the release; `unused` waived nothing. */
export interface WaiverOutcome extends Waiver {
  status: 'active' | 'expired' | 'unused';
  /** How many findings it waived (an expired waiver waives none). */
  waived: number;
}

function waiversSchema() {
  const z = loadPackage<typeof import('zod')>('zod');
  const day = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), 'a real date');
  const text = z.string().trim().min(1, 'a non-empty string');
  const waiver = z.strictObject({
    rule: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/, 'a rule id as group/name'),
    file: text,
    reason: text,
    owner: text,
    expires: day,
  });
  return z.strictObject({ $schema: z.string().optional(), waivers: z.array(waiver) });
}

/** Reads and validates a waivers file; throws `GateInputError` saying which entry and field is wrong. */
export function readWaivers(file: string): Waivers {
  let text: string;
  try {
    text = readRegularFile(file, MAX_READ_BYTES).toString('utf8');
  } catch (error) {
    throw new GateInputError(`cannot read waivers \`${file}\` (${readFailureReason(error)}): check the path`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GateInputError(`waivers \`${file}\` is not JSON (${(error as Error).message.split('\n')[0]}): fix it`);
  }
  const parsed = waiversSchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `\`/${issue.path.map(String).join('/')}\`` : 'the top level';
    throw new GateInputError(
      `waivers \`${file}\` at ${where}: ${issue.message}; each waiver needs \`rule\`, \`file\`, \`reason\`, \`owner\` and \`expires\` (see schemas/waivers.schema.json)`,
    );
  }
  return { file, waivers: parsed.data.waivers };
}

/**
 * Applies waivers to findings: an unexpired waiver (today on or before `expires`) takes
 * every finding of its rule in its file; an expired one takes none. Returns the findings
 * left and how each waiver came out, in the file's order.
 */
export function applyWaivers(
  diagnostics: readonly Diagnostic[],
  waivers: readonly Waiver[],
  now: Date,
): { kept: Diagnostic[]; outcomes: WaiverOutcome[] } {
  const today = now.toISOString().slice(0, 10);
  const counts = waivers.map(() => 0);
  const kept = diagnostics.filter((d) => {
    const index = waivers.findIndex((w) => w.rule === d.ruleId && w.file === d.file && w.expires >= today);
    if (index === -1) return true;
    counts[index]!++;
    return false;
  });
  const outcomes = waivers.map((waiver, index): WaiverOutcome => {
    const status = waiver.expires < today ? 'expired' : counts[index]! > 0 ? 'active' : 'unused';
    return { ...waiver, status, waived: counts[index]! };
  });
  return { kept, outcomes };
}
