import type { SignalAnswer } from './prometheus-client.js';

/** One series of an instant vector: its labels and its value (NaN and ±Inf kept as numbers). */
export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** An answer read as an instant vector, or why it cannot be. */
export type VectorReading = { ok: true; samples: Sample[] } | { ok: false; reason: string };

/**
 * Reads Prometheus's answer to an instant query as a vector. Every way it can fail says so in one
 * phrase: no answer, an HTTP error, `status: "error"`, not JSON, another result type. A scalar is
 * read as one sample without labels.
 */
export function readVector(answer: SignalAnswer): VectorReading {
  if (answer.error !== undefined) return { ok: false, reason: answer.error };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body ?? '');
  } catch {
    return {
      ok: false,
      reason:
        answer.httpStatus >= 400
          ? `Prometheus answered HTTP ${answer.httpStatus}`
          : `Prometheus's answer is not JSON (HTTP ${answer.httpStatus})`,
    };
  }
  const top = record(parsed);
  if (top?.status === 'error') {
    const kind = typeof top.errorType === 'string' ? `${top.errorType}: ` : '';
    return { ok: false, reason: `Prometheus answered an error (${kind}${String(top.error ?? 'no detail')})` };
  }
  if (answer.httpStatus >= 400) return { ok: false, reason: `Prometheus answered HTTP ${answer.httpStatus}` };
  const data = record(top?.data);
  if (top?.status !== 'success' || !data)
    return { ok: false, reason: 'Prometheus answered without `status: "success"`' };
  if (data.resultType === 'scalar') {
    const value = sampleValue(data.result);
    return value === undefined
      ? { ok: false, reason: 'Prometheus answered a malformed scalar' }
      : { ok: true, samples: [{ labels: {}, value }] };
  }
  if (data.resultType !== 'vector')
    return { ok: false, reason: `expected an instant vector, Prometheus answered a ${String(data.resultType)}` };
  if (!Array.isArray(data.result)) return { ok: false, reason: 'Prometheus answered a vector without `result`' };
  const samples: Sample[] = [];
  for (const item of data.result) {
    const series = record(item);
    const value = sampleValue(series?.value);
    const labels = record(series?.metric);
    if (!series || value === undefined || !labels)
      return { ok: false, reason: 'Prometheus answered a malformed sample' };
    samples.push({ labels: stringLabels(labels), value });
  }
  return { ok: true, samples };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function sampleValue(pair: unknown): number | undefined {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string') return undefined;
  const text = pair[1];
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
}

function stringLabels(labels: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (typeof value === 'string') out[key] = value;
  return out;
}
