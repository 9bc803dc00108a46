/**
 * @module The latency a limit adds to an HTTP request: one Fastify server with the same handler on two
 * routes, one behind the limit preHandler the server's routes use (sliding log on Redis, a per-user and
 * a per-IP window, the IP taken from X-Forwarded-For), one without; a keep-alive client alternates the
 * two sequentially, so both see the same machine at the same moment.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import { Pool } from 'undici';
import { createLimits, createRedisSlidingWindow } from '../../src/limits/index.js';
import { createLimitHook } from '../../src/server/plugins/limit-hook.js';

export interface HttpCost {
  readonly free: { p50: number; p99: number };
  readonly limited: { p50: number; p99: number };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function measureHttpCost(redis: Redis, prefix: string, n: number): Promise<HttpCost> {
  const limits = createLimits({
    store: createRedisSlidingWindow({ redis, keyPrefix: `${prefix}http:` }),
    settings: { bench: { perUser: { max: 1_000_000, windowS: 60 }, perIp: { max: 1_000_000, windowS: 60 } } },
  });
  const app = Fastify({ trustProxy: true });
  const users = Array.from({ length: 500 }, () => randomBytes(6).toString('hex'));
  app.addHook('onRequest', async (request) => {
    (request as { user?: { id: string } }).user = { id: users[Number(request.headers['x-n']) % 500]! };
  });
  const handler = async () => ({ code: 0, message: 'ok', data: null });
  app.get('/free', handler);
  app.get('/limited', { preHandler: createLimitHook(limits, 'bench') }, handler);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const pool = new Pool(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, {
    connections: 1,
  });
  const times = { free: [] as number[], limited: [] as number[] };
  for (let i = 0; i < 2 * n + 2000; i += 1) {
    const path = i % 2 === 0 ? '/free' : '/limited';
    const t = performance.now();
    const res = await pool.request({
      method: 'GET',
      path,
      headers: { 'x-n': String(i), 'x-forwarded-for': `10.1.${(i >> 8) % 256}.${i % 256}` },
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
    if (i >= 2000) times[i % 2 === 0 ? 'free' : 'limited'].push(performance.now() - t); // after warm-up
  }
  await pool.close();
  await app.close();
  const sum = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) };
  };
  return { free: sum(times.free), limited: sum(times.limited) };
}
