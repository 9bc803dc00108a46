import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../../../adapters/redis/connect.js';
import { createTestRedis, testRedisUrl, type TestRedis } from '../../../../test/helpers/redis.js';
import { openSse, openWs, startRealtimeServer, type RealtimeServer } from './realtime.test-helper.js';

// Two servers, each with its own Redis connection, sharing one key prefix and one store: two instances.
let t: TestRedis;
let redisB: Redis;
let a: RealtimeServer & { dataDir: string };
let b: RealtimeServer;

beforeAll(async () => {
  t = await createTestRedis('realtime-routes');
  redisB = await connectRedis(testRedisUrl(), { name: 'wegate-test-realtime-routes-b' });
  a = await startRealtimeServer({ redis: t.redis, keyPrefix: `${t.prefix}rt:` });
  b = await startRealtimeServer({ redis: redisB, keyPrefix: `${t.prefix}rt:` }, { dataDir: a.dataDir });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  if (redisB) await closeRedis(redisB);
  await t?.cleanup();
});

describe('realtime across two servers sharing Redis', () => {
  it('delivers to a client on B an event published on A, over SSE and WebSocket', async () => {
    expect(a.realtime.backend).toBe('redis');
    const user = await b.signIn('o-cross');
    const sse = await openSse(`${b.url}/api/realtime/sse?token=${user.token}`);
    const ws = await openWs(`${b.url.replace('http', 'ws')}/api/realtime/ws?token=${user.token}`);
    await sleep(100);
    const id = await a.realtime.publish(`user:${user.id}`, {
      type: 'order.status',
      data: { status: 'paid' },
    });
    const expected = [{ id, type: 'order.status', data: { status: 'paid' } }];
    expect(await sse.until(1)).toEqual(expected);
    expect(await ws.until(1)).toEqual(expected);
    await sse.close();
    ws.close();
  });

  it('gives a client that drops from B and reconnects to A every missed event once, in order', async () => {
    const user = await a.signIn('o-move');
    const topic = `user:${user.id}`;
    const first = await openSse(`${b.url}/api/realtime/sse?token=${user.token}`);
    await sleep(100);
    await a.realtime.publish(topic, { type: 'n', data: 1 });
    const [seen] = await first.until(1);
    await first.close();
    for (const i of [2, 3]) await b.realtime.publish(topic, { type: 'n', data: i });
    await a.realtime.publish(topic, { type: 'n', data: 4 });
    const again = await openSse(`${a.url}/api/realtime/sse?token=${user.token}`, {
      'last-event-id': seen?.id ?? '',
    });
    expect(again.status).toBe(200);
    await again.until(3);
    await b.realtime.publish(topic, { type: 'n', data: 5 });
    await again.until(4);
    await sleep(100);
    expect(again.events.map((e) => e.data)).toEqual([2, 3, 4, 5]);
    await again.close();
  });
});
