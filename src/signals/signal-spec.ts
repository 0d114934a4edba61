import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { parseDuration } from './duration.js';
import type { SignalRequest } from './live-signals.js';
import { PrometheusSource, prometheusBaseUrl } from './prometheus-client.js';
import { parseSnapshot, ReplaySource, type SignalSnapshot } from './snapshot.js';

/** Where the gate's live signals come from, as the command line says: a Prometheus, or a saved file. */
export type SignalSpec = (
  | { prometheus: URL; env: Record<string, string | undefined> }
  | { snapshot: SignalSnapshot; file: string }
) & {
  /** `--at`, Unix seconds; default now (or the saved time when replaying). */
  at?: number;
  /** `--window`, milliseconds; default 15 minutes (or the saved window when replaying). */
  windowMs?: number;
};

/** The default window of the live-signals check. */
export const DEFAULT_WINDOW_MS = 15 * 60_000;
/** The largest saved-signals file read. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** `--at`: RFC 3339 or Unix seconds. */
export function parseAt(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)
    ? Date.parse(text)
    : Number.NaN;
  if (Number.isNaN(ms))
    throw new UsageError(`--at expects RFC 3339 (2026-11-20T12:00:00Z) or Unix seconds, got \`${text}\``);
  return ms / 1000;
}

/** `--window`: a Prometheus duration of at least one second. */
export function parseWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000)
    throw new UsageError(`--window expects a Prometheus duration such as 15m, got \`${text}\``);
  return ms;
}

/**
 * The live-signals part of the gate's command line: `--prometheus URL` or `--signals FILE`
 * (not both), `--at`, `--window`. Throws `UsageError` for what is malformed.
 */
export function signalSpec(options: {
  prometheus?: string | undefined;
  signals?: string | undefined;
  at?: string | undefined;
  window?: string | undefined;
  env: Record<string, string | undefined>;
}): SignalSpec | undefined {
  const timing = {
    ...(options.at === undefined ? {} : { at: parseAt(options.at) }),
    ...(options.window === undefined ? {} : { windowMs: parseWindow(options.window) }),
  };
  if (options.prometheus !== undefined && options.signals !== undefined)
    throw new UsageError('give --prometheus to ask a Prometheus, or --signals to replay saved answers, not both');
  if (options.prometheus !== undefined)
    return { prometheus: prometheusBaseUrl(options.prometheus), env: options.env, ...timing };
  if (options.signals !== undefined) return { ...readSnapshot(options.signals), ...timing };
  if (options.at !== undefined || options.window !== undefined)
    throw new UsageError('--at and --window go with --prometheus or --signals');
  return undefined;
}

function readSnapshot(file: string): { snapshot: SignalSnapshot; file: string } {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UsageError(`--signals \`${file}\` is not a regular file`);
    if (stat.size > MAX_SNAPSHOT_BYTES)
      throw new UsageError(`--signals \`${file}\` is larger than ${MAX_SNAPSHOT_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read --signals \`${file}\` (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { snapshot: parseSnapshot(text, file), file };
}

/** The request a run asks: the source (timeout from the config), the time and the window. */
export function signalRequest(spec: SignalSpec, timeoutSeconds: number, now: () => number = Date.now): SignalRequest {
  if ('prometheus' in spec)
    return {
      source: new PrometheusSource({ url: spec.prometheus, timeoutMs: timeoutSeconds * 1000, env: spec.env }),
      at: spec.at ?? Math.floor(now() / 1000),
      windowMs: spec.windowMs ?? DEFAULT_WINDOW_MS,
    };
  return {
    source: new ReplaySource(spec.snapshot, spec.file),
    at: spec.at ?? spec.snapshot.at,
    windowMs: spec.windowMs ?? parseDuration(spec.snapshot.window) ?? DEFAULT_WINDOW_MS,
  };
}
