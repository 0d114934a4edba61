import type * as z from 'zod';
import { UsageError } from '../errors.js';
import { zodSchema } from '../load-package.js';
import { type SignalAnswer, type SignalSource, sha256Text } from './prometheus-client.js';

/** Version of the saved-signals format (`--write-signals`, `--signals`). */
export const SIGNALS_FORMAT = 1;

const snapshotSchema = zodSchema((z) =>
  z.strictObject({
    tool: z.literal('surveyor'),
    signals: z.literal(SIGNALS_FORMAT),
    prometheus: z.string(),
    /** Evaluation time, Unix seconds. */
    at: z.number(),
    /** The window, as a Prometheus duration. */
    window: z.string(),
    answers: z.array(
      z.strictObject({
        query: z.string(),
        time: z.number(),
        httpStatus: z.number().int().min(0),
        body: z.string().optional(),
        error: z.string().optional(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    ),
  }),
);

/** Saved answers: what `--write-signals` writes and `--signals` replays. */
export type SignalSnapshot = z.infer<ReturnType<typeof snapshotSchema>>;

/** The snapshot of the answers a gate run received, in the order it asked. */
export function snapshotOf(
  origin: string,
  at: number,
  window: string,
  answers: readonly SignalAnswer[],
): SignalSnapshot {
  return {
    tool: 'surveyor',
    signals: SIGNALS_FORMAT,
    prometheus: origin,
    at,
    window,
    answers: answers.map((a) => ({ ...a })),
  };
}

/** Parses a saved snapshot; `file` names it in the error. Throws `UsageError` when it is not one. */
export function parseSnapshot(text: string, file: string): SignalSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--signals \`${file}\` is not JSON: ${(error as Error).message}`);
  }
  const parsed = snapshotSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` at \`/${issue.path.join('/')}\`` : '';
    throw new UsageError(`--signals \`${file}\` is not a saved signals file${where}: ${issue.message}`);
  }
  for (const answer of parsed.data.answers)
    if (answer.sha256 !== sha256Text(answer.body ?? ''))
      throw new UsageError(
        `--signals \`${file}\`: the answer to \`${answer.query}\` does not match its sha256: the file was edited after it was saved`,
      );
  return parsed.data;
}

/** Replays saved answers with no network: the same query at the same time gets the same answer. */
export class ReplaySource implements SignalSource {
  readonly origin: string;
  readonly #answers = new Map<string, SignalAnswer>();

  constructor(snapshot: SignalSnapshot, file: string) {
    this.origin = `${snapshot.prometheus} (replayed from ${file})`;
    for (const answer of snapshot.answers) this.#answers.set(key(answer.query, answer.time), answer);
  }

  async query(query: string, time: number): Promise<SignalAnswer> {
    const saved = this.#answers.get(key(query, time));
    if (saved) return saved;
    return {
      query,
      time,
      httpStatus: 0,
      error: `the saved signals hold no answer to this query at ${new Date(time * 1000).toISOString()}: save them again with --write-signals for this --at, --window and configuration`,
      sha256: sha256Text(''),
    };
  }
}

function key(query: string, time: number): string {
  return `${time}\u0000${query}`;
}
