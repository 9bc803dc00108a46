/**
 * WEGATE_REDIS_PREFIX: a server on Redis writes every key under `<prefix>:` — its cache and locks, inbound
 * limits, realtime streams, the outbox's rate limits and BullMQ queues — so two deployments can share one
 * Redis. The server (sandbox, with a probe plugin using each service) gets a Redis database of its own,
 * and every key in it is checked afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/server/define-plugin.js';
import { claimEmptyRedisDb } from '../helpers/redis.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const prefix = `tenant-${randomBytes(4).toString('hex')}`;
let db: Awaited<ReturnType<typeof claimEmptyRedisDb>>;
let sandbox: SandboxServer;

/** One route touching the services that keep keys in Redis: a limit, the cache, realtime, the queue. */
const probe = definePlugin({
  name: 'probe',
  jobs: { 'probe.job': async () => undefined },
  register(app, ctx) {
    const limit = ctx.limit('probe.call', { perIp: { max: 100, windowS: 60 } });
    app.post('/api/probe', { preHandler: [ctx.requireUser, limit] }, async (request) => {
      const user = (request as { user?: { id: string } }).user!;
      await ctx.cache.set('probe:last', user.id, 60_000);
      await ctx.realtime.publish(`user:${user.id}`, { type: 'probe', data: {} });
      await ctx.queue.enqueue('probe.job', { user: user.id });
      return { code: 0, message: 'ok', data: null };
    });
  },
});

beforeAll(async () => {
  db = await claimEmptyRedisDb();
  sandbox = await startSandboxServer('redis-prefix', {
    plugins: [probe],
    env: { WEGATE_SANDBOX: '1', REDIS_URL: db.url, WEGATE_REDIS_PREFIX: prefix },
  });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  await db?.release();
});

const inject = (options: InjectOptions) => sandbox.server.app.inject(options);

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await db.redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.filter((key) => key !== 'test:claim');
}

describe('WEGATE_REDIS_PREFIX', () => {
  it('puts every key the server writes under the prefix', async () => {
    const appid = sandbox.server.deps.apps['mp']!.config.appid;
    const wx = await inject({ method: 'POST', url: '/__emulator/mp/login', payload: { appid, user: 'pfx' } });
    const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { code: wx.json().code } });
    expect(login.statusCode).toBe(200);
    const token = login.json().data.token as string;
    const called = await inject({
      method: 'POST',
      url: '/api/probe',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(called.statusCode).toBe(200);
    // The simulated user's message: the callback inbox, and the outbox's rate limit for the reply.
    const sent = await inject({
      method: 'POST',
      url: '/__emulator/users/send',
      payload: { app: 'oa', openid: 'o-prefix', message: { MsgType: 'text', Content: 'hello' } },
    });
    expect(sent.statusCode).toBe(200);

    const keys = await allKeys();
    expect(keys.filter((key) => !key.startsWith(`${prefix}:`))).toEqual([]);
    // The kinds of keys written: limits, realtime streams, BullMQ's queue, the cache.
    for (const part of [':limits:', ':rt:', ':probe.job:', ':probe:last'])
      expect(
        keys.some((key) => key.includes(part)),
        part,
      ).toBe(true);
  });

  it('refuses a prefix that is not 1–32 letters, digits, `_`, `.` or `-`', async () => {
    const { loadConfig } = await import('../../src/config/index.js');
    expect(() => loadConfig({ env: { WEGATE_REDIS_PREFIX: 'has space' }, cwd: sandbox.dataDir })).toThrow(
      /WEGATE_REDIS_PREFIX/,
    );
  });
});
