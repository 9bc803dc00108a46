import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../../adapters/memory/index.js';
import { createPostgresStore } from '../../../adapters/postgres/store.js';
import { closeRedis, connectRedis } from '../../../adapters/redis/connect.js';
import { createSqlQueue } from '../../../adapters/sql/queue.js';
import type { Store } from '../../../kernel/ports/index.js';
import { testDatabaseUrl } from '../../../../test/helpers/postgres.js';
import { testRedisUrl } from '../../../../test/helpers/redis.js';
import { testConfig } from '../../../../test/helpers/test-config.js';
import { buildApp } from '../../build-app.js';
import { createMetrics } from '../../plugins/metrics.js';
import { createTcpGate, type TcpGate } from './tcp-gate.test-helper.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls /readyz (each answer is reused for 1 s) until `status`, or fails after 10 s. */
async function readyzBecomes(app: FastifyInstance, status: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    if (res.statusCode === status || Date.now() > deadline) return res;
    await sleep(200);
  }
}

describe('GET /healthz and /readyz over PostgreSQL and Redis that go away and come back', () => {
  const schema = `wegate_health_${randomBytes(5).toString('hex')}`;
  const pgUrl = new URL(testDatabaseUrl());
  const redisUrl = new URL(testRedisUrl());
  let migrated = false;
  let pgGate: TcpGate;
  let redisGate: TcpGate;
  let store: Store;
  let redis: Awaited<ReturnType<typeof connectRedis>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    pgGate = await createTcpGate({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    redisGate = await createTcpGate({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const gated = (url: URL, port: number) => Object.assign(new URL(url), { port: String(port) }).toString();
    store = await createPostgresStore({ url: gated(pgUrl, pgGate.port), schema, poolSize: 2 });
    await store.migrate();
    redis = await connectRedis(gated(redisUrl, redisGate.port), { name: 'wegate-test-health' });
    const deps = {
      logger: pino({ level: 'silent' }),
      store,
      cache: createMemoryCache(),
      lock: createMemoryLock(),
      queue: createSqlQueue({ store }),
      metrics: createMetrics({ defaultMetrics: false }),
      apps: {},
      health: { redis: () => redis.ping(), migrationsDone: () => migrated },
    };
    app = await buildApp(testConfig(), deps);
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await closeRedis(redis);
    await store?.close();
    await Promise.all([pgGate?.shut(), redisGate?.shut()]);
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('is not ready while migrations run, and ready once they are done', async () => {
    const running = await app.inject({ method: 'GET', url: '/readyz' });
    expect(running.statusCode).toBe(503);
    expect(running.json()).toEqual({
      status: 'unavailable',
      checks: { store: 'ok', redis: 'ok', migrations: 'failed', queue: 'ok' },
    });
    migrated = true;
    const done = await readyzBecomes(app, 200);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({
      status: 'ok',
      checks: { store: 'ok', redis: 'ok', migrations: 'ok', queue: 'ok' },
    });
  });

  it('answers 503 naming the store (and the SQL queue on it) while PostgreSQL is unreachable, then recovers', async () => {
    await pgGate.shut();
    const down = await readyzBecomes(app, 503);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', checks: { redis: 'ok', migrations: 'ok' } });
    expect(down.json().checks.store).not.toBe('ok');
    expect(down.json().checks.queue).not.toBe('ok');
    expect(down.body).not.toContain(String(pgGate.port));
    // Alive all along: liveness does no I/O, so an outage never gets the process restarted.
    const alive = await app.inject({ method: 'GET', url: '/healthz' });
    expect([alive.statusCode, alive.json()]).toEqual([200, { status: 'ok' }]);
    await pgGate.open();
    expect((await readyzBecomes(app, 200)).statusCode).toBe(200);
  });

  it('answers 503 naming Redis while nothing listens on its port, then recovers on its own', async () => {
    await redisGate.shut();
    const down = await readyzBecomes(app, 503);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ checks: { store: 'ok', queue: 'ok', migrations: 'ok' } });
    expect(down.json().checks.redis).not.toBe('ok');
    await redisGate.open();
    const back = await readyzBecomes(app, 200);
    expect(back.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });
  });
});
