import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../adapters/memory/index.js';
import { createSqlQueue } from '../adapters/sql/queue.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import { testConfig } from '../../test/helpers/test-config.js';
import { buildApp } from './build-app.js';
import { createMetrics } from './plugins/metrics.js';
import type { ServerDeps } from './server-deps.types.js';

let app: FastifyInstance;
let logs: string;

async function makeDeps(): Promise<ServerDeps> {
  const store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((logs += chunk.toString()), done()) });
  return {
    logger: pino({ level: 'info' }, sink),
    store,
    cache: createMemoryCache(),
    lock: createMemoryLock(),
    queue: createSqlQueue({ store }),
    metrics: createMetrics({ defaultMetrics: false }),
    apps: {},
  };
}

beforeEach(async () => {
  logs = '';
  const deps = await makeDeps();
  app = await buildApp(testConfig({ callback: { maxSkewS: 0, deadlineMs: 4500, maxBodyBytes: 1024 } }), deps);
  app.get('/boom', async () => {
    throw new Error('secret internal detail at /srv/app.js:12');
  });
  app.post('/echo', async (request) => ({ code: 0, message: 'ok', data: request.body }));
  await app.ready();
});

afterEach(async () => {
  await app.close();
});

describe('buildApp', () => {
  it('answers GET /ping in the envelope with the mode', async () => {
    const res = await app.inject({ method: 'GET', url: '/ping' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 0, message: 'ok', data: { pong: true, sandbox: true } });
  });

  it('answers an unknown route with a 404 envelope carrying a non-zero code', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    const body = res.json() as { code: number; message: string };
    expect(body.code).not.toBe(0);
    expect(typeof body.message).toBe('string');
  });

  it('turns an unexpected error into a generic 500 without the message or a stack trace', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toMatch(/\bat .*:\d+/);
    expect((res.json() as { code: number }).code).not.toBe(0);
    // The detail is logged for operators, once.
    expect(logs).toContain('secret internal detail');
  });

  it('rejects a body over the limit with 413 in the envelope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ big: 'x'.repeat(2048) }),
    });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { code: number }).code).not.toBe(0);
  });

  it('answers malformed JSON with 400 in the envelope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { code: number }).code).not.toBe(0);
  });

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/ping', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({ method: 'GET', url: '/ping', headers: { 'x-request-id': 'a b\nc' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics counting served requests by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/ping' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /wegate_http_request_duration_seconds_count\{method="GET",route="\/ping",status="200"\} 1/,
    );
  });
});
