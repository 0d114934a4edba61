import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/** One instant query asked of Prometheus and what came back, kept verbatim as evidence. */
export interface SignalAnswer {
  /** The PromQL expression. */
  query: string;
  /** Evaluation time, Unix seconds. */
  time: number;
  /** HTTP status of the answer; 0 when none came (unreachable, timed out). */
  httpStatus: number;
  /** Prometheus's answer body, byte for byte as text; absent when none came. */
  body?: string;
  /** Why no answer came, when none did. */
  error?: string;
  /** sha256 of `body` (of the empty string when there is none). */
  sha256: string;
}

/** Something that answers instant queries: a live Prometheus, or a saved snapshot replayed. */
export interface SignalSource {
  /** Where the answers come from, for the report: the Prometheus URL or the snapshot file. */
  readonly origin: string;
  query(query: string, time: number): Promise<SignalAnswer>;
}

/** Credentials come only from the environment, never from arguments or the report. */
export const PROMETHEUS_ENV = {
  token: 'SURVEYOR_PROMETHEUS_TOKEN',
  username: 'SURVEYOR_PROMETHEUS_USERNAME',
  password: 'SURVEYOR_PROMETHEUS_PASSWORD',
} as const;

/** The largest answer read; a larger one is an error, not an out-of-memory crash. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** sha256 of a text, hex. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The Prometheus base URL the user gave, checked: http or https, no credentials in it (they belong
 * in the environment), no query or fragment. A path prefix (`/prometheus`) is kept.
 */
export function prometheusBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--prometheus expects an http or https URL, got \`${text}\``);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--prometheus expects an http or https URL, got \`${text}\``);
  if (url.username || url.password)
    throw new UsageError(
      `--prometheus must not carry credentials: set ${PROMETHEUS_ENV.username} and ${PROMETHEUS_ENV.password}, or ${PROMETHEUS_ENV.token}, instead`,
    );
  if (url.search || url.hash)
    throw new UsageError(`--prometheus expects the server's base URL, without a query or fragment: \`${text}\``);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The base URL as shown in reports: exactly what was given, without a trailing slash. */
export function displayUrl(url: URL): string {
  return url.href.replace(/\/$/, '');
}

/** Options of a live Prometheus source. */
export interface PrometheusOptions {
  url: URL;
  /** Per query, in milliseconds. */
  timeoutMs: number;
  /** Where credentials are read from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A live Prometheus, asked through `/api/v1/query` only. Never throws for what the server or the
 * network does: every outcome is an answer with its HTTP status, body or error. Redirects are not
 * followed, so no request goes anywhere but the URL the user gave.
 */
export class PrometheusSource implements SignalSource {
  readonly origin: string;
  readonly #url: URL;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;

  constructor(options: PrometheusOptions) {
    this.#url = options.url;
    this.origin = displayUrl(options.url);
    this.#timeoutMs = options.timeoutMs;
    this.#headers = { accept: 'application/json', ...authorization(options.env ?? process.env) };
  }

  async query(query: string, time: number): Promise<SignalAnswer> {
    const endpoint = new URL('api/v1/query', this.#url);
    const form = new URLSearchParams({ query, time: String(time) });
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { ...this.#headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      return failed(query, time, 0, transportError(error, this.origin, this.#timeoutMs));
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return failed(
        query,
        time,
        response.status,
        `Prometheus answered with a redirect (HTTP ${response.status}), which is not followed`,
      );
    }
    let body: string;
    try {
      body = await readBounded(response);
    } catch (error) {
      return failed(query, time, response.status, transportError(error, this.origin, this.#timeoutMs));
    }
    return { query, time, httpStatus: response.status, body, sha256: sha256Text(body) };
  }
}

function failed(query: string, time: number, httpStatus: number, error: string): SignalAnswer {
  return { query, time, httpStatus, error, sha256: sha256Text('') };
}

function authorization(env: NodeJS.ProcessEnv): Record<string, string> {
  const token = env[PROMETHEUS_ENV.token];
  if (token) return { authorization: `Bearer ${token}` };
  const username = env[PROMETHEUS_ENV.username];
  if (username !== undefined && username !== '') {
    const password = env[PROMETHEUS_ENV.password] ?? '';
    return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  }
  return {};
}

function transportError(error: unknown, origin: string, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return `Prometheus at ${origin} did not answer within ${timeoutMs} ms`;
  if (error instanceof Error && error.message === 'answer too large')
    return `Prometheus's answer is larger than ${MAX_ANSWER_BYTES} bytes`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  return `Prometheus at ${origin} is unreachable${code ? ` (${code})` : ''}`;
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new Error('answer too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
