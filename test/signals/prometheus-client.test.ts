import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { PrometheusSource, prometheusBaseUrl, sha256Text } from '../../src/signals/prometheus-client.js';
import { parseSnapshot, ReplaySource, snapshotOf } from '../../src/signals/snapshot.js';
import { readVector } from '../../src/signals/vector.js';
import { freePort, pointsBetween, startPrometheus, type TestPrometheus } from '../support/prometheus.js';

const T0 = 1_790_000_000;
const AT = T0 + 1800;

describe('the Prometheus client, against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  let source: PrometheusSource;
  beforeAll(async () => {
    prometheus = await startPrometheus({
      series: [
        {
          name: 'atlas_build_info',
          labels: { version: '1.4.0', git_sha: 'abc1234' },
          points: pointsBetween(T0, T0 + 3600, 30, 1),
        },
        { name: 'atlas_ratio', points: pointsBetween(T0, T0 + 3600, 30, Number.NaN) },
      ],
    });
    source = new PrometheusSource({ url: prometheusBaseUrl(prometheus.url), timeoutMs: 5000 });
  });
  afterAll(() => prometheus?.stop());

  it('reads an instant vector with its labels, and keeps the raw answer with its sha256', async () => {
    const answer = await source.query('atlas_build_info', AT);
    expect(answer.httpStatus).toBe(200);
    expect(answer.sha256).toBe(sha256Text(answer.body!));
    const vector = readVector(answer);
    expect(vector).toEqual({
      ok: true,
      samples: [{ labels: { __name__: 'atlas_build_info', version: '1.4.0', git_sha: 'abc1234' }, value: 1 }],
    });
  });

  it('reads NaN as NaN, and nothing outside the data as an empty vector', async () => {
    expect(readVector(await source.query('atlas_ratio', AT))).toEqual({
      ok: true,
      samples: [{ labels: { __name__: 'atlas_ratio' }, value: Number.NaN }],
    });
    expect(readVector(await source.query('atlas_build_info', T0 - 3600))).toEqual({ ok: true, samples: [] });
  });

  it('says so when a query answers a range vector, or is not PromQL', async () => {
    expect(readVector(await source.query('atlas_build_info[5m]', AT))).toEqual({
      ok: false,
      reason: 'expected an instant vector, Prometheus answered a matrix',
    });
    const bad = readVector(await source.query('sum(', AT));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^Prometheus answered an error \(bad_data: .*parse error/);
  });

  it('replays saved answers byte for byte, and refuses an edited snapshot', async () => {
    const answers = [await source.query('atlas_build_info', AT)];
    const text = JSON.stringify(snapshotOf(source.origin, AT, '15m', answers));
    const replay = new ReplaySource(parseSnapshot(text, 'signals.json'), 'signals.json');
    expect(await replay.query('atlas_build_info', AT)).toEqual(answers[0]);
    const missing = await replay.query('atlas_build_info', AT + 1);
    expect(readVector(missing)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the saved signals hold no answer/),
    });
    const edited = text.replace('1.4.0', '1.5.0');
    expect(() => parseSnapshot(edited, 'signals.json')).toThrow(/does not match its sha256/);
    expect(() => parseSnapshot('{}', 'signals.json')).toThrow(/is not a saved signals file/);
  });
});

describe('the Prometheus client when the server misbehaves', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    const port = await freePort();
    server = createServer((request, response) => {
      hits.push(`${request.method} ${request.url} ${request.headers.authorization ?? '-'}`);
      if (request.url === '/redirect/api/v1/query') {
        response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
      } else if (request.url === '/broken/api/v1/query') {
        response.writeHead(503).end('down for maintenance');
      } else if (request.url === '/slow/api/v1/query') {
        // never answers: the client's timeout must end the wait
      } else {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"success","data":{"resultType":"vector","result":[]}}');
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('does not follow a redirect', async () => {
    const source = new PrometheusSource({ url: prometheusBaseUrl(`${base}/redirect`), timeoutMs: 2000 });
    const answer = await source.query('up', AT);
    expect(readVector(answer)).toEqual({ ok: false, reason: expect.stringContaining('redirect (HTTP 302)') });
    expect(hits.filter((h) => h.includes('elsewhere'))).toEqual([]);
  });

  it('reads an HTTP error as one', async () => {
    const source = new PrometheusSource({ url: prometheusBaseUrl(`${base}/broken`), timeoutMs: 2000 });
    expect(readVector(await source.query('up', AT))).toEqual({ ok: false, reason: 'Prometheus answered HTTP 503' });
  });

  it('gives up after its timeout', async () => {
    const source = new PrometheusSource({ url: prometheusBaseUrl(`${base}/slow`), timeoutMs: 300 });
    expect(readVector(await source.query('up', AT))).toEqual({
      ok: false,
      reason: `Prometheus at ${base}/slow did not answer within 300 ms`,
    });
  });

  it('says unreachable when nothing listens', async () => {
    const port = await freePort();
    const source = new PrometheusSource({ url: prometheusBaseUrl(`http://127.0.0.1:${port}`), timeoutMs: 2000 });
    expect(readVector(await source.query('up', AT))).toEqual({
      ok: false,
      reason: `Prometheus at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`,
    });
  });

  it('sends credentials from the environment only', async () => {
    hits.length = 0;
    const url = prometheusBaseUrl(base);
    await new PrometheusSource({ url, timeoutMs: 2000, env: { SURVEYOR_PROMETHEUS_TOKEN: 't0k' } }).query('up', AT);
    await new PrometheusSource({
      url,
      timeoutMs: 2000,
      env: { SURVEYOR_PROMETHEUS_USERNAME: 'ops', SURVEYOR_PROMETHEUS_PASSWORD: 'pw' },
    }).query('up', AT);
    await new PrometheusSource({ url, timeoutMs: 2000, env: {} }).query('up', AT);
    expect(hits).toEqual([
      'POST /api/v1/query Bearer t0k',
      `POST /api/v1/query Basic ${Buffer.from('ops:pw').toString('base64')}`,
      'POST /api/v1/query -',
    ]);
  });

  it('rejects a malformed URL, credentials in it, and a query string', () => {
    expect(() => prometheusBaseUrl('localhost:9090')).toThrow(UsageError);
    expect(() => prometheusBaseUrl('not a url')).toThrow(/expects an http or https URL/);
    expect(() => prometheusBaseUrl('ftp://127.0.0.1/')).toThrow(/expects an http or https URL/);
    expect(() => prometheusBaseUrl('http://u:p@127.0.0.1:9090')).toThrow(/must not carry credentials/);
    expect(() => prometheusBaseUrl('http://127.0.0.1:9090/?x=1')).toThrow(/without a query/);
    expect(prometheusBaseUrl('http://127.0.0.1:9090/prom').href).toBe('http://127.0.0.1:9090/prom/');
  });
});
