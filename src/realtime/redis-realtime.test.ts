import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../adapters/redis/connect.js';
import { createTestRedis, testRedisUrl, type TestRedis } from '../../test/helpers/redis.js';
import { createRealtime } from './create-realtime.js';
import { compareOffsets } from './offsets.js';
import { collector, describeRealtimeContract } from './realtime.contract.js';

let t: TestRedis;
let n = 0;
beforeAll(async () => {
  t = await createTestRedis('realtime');
});
afterAll(async () => {
  await t?.cleanup();
});

describeRealtimeContract('redis', async () => {
  const keyPrefix = `${t.prefix}${(n += 1)}:`;
  return {
    make: (deps = {}) => createRealtime({ redis: t.redis, keyPrefix, ...deps }),
    cleanup: async () => {},
  };
});

/** Connections named `name` in CLIENT LIST. */
async function connectionsNamed(name: string): Promise<number> {
  const list = (await t.redis.client('LIST')) as string;
  return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
}

describe('createRealtime (redis)', () => {
  it('delivers an event published by one instance to a subscriber of another', async () => {
    const keyPrefix = `${t.prefix}cross:`;
    const other = await connectRedis(testRedisUrl(), { name: 'wegate-test-realtime-b' });
    const a = createRealtime({ redis: t.redis, keyPrefix });
    const b = createRealtime({ redis: other, keyPrefix });
    try {
      const got = collector();
      b.subscribe('user:1', undefined, got.onEvent);
      await sleep(100);
      const id = await a.publish('user:1', { type: 'order.status', data: { id: 'o1', status: 'paid' } });
      const [event] = await got.until(1);
      expect(event).toMatchObject({ id, type: 'order.status', data: { id: 'o1', status: 'paid' } });
    } finally {
      await a.close();
      await b.close();
      await closeRedis(other);
    }
  });

  it('reads every followed topic through one blocking connection per instance', async () => {
    const keyPrefix = `${t.prefix}one-reader:`;
    const name = `wegate-test-rt-${process.pid}-${Date.now()}`;
    const own = await connectRedis(testRedisUrl(), { name });
    const rt = createRealtime({ redis: own, keyPrefix });
    try {
      const got = collector();
      for (let i = 0; i < 200; i += 1) rt.subscribe(`user:${i}`, undefined, got.onEvent);
      await sleep(200);
      for (let i = 0; i < 200; i += 1) await rt.publish(`user:${i}`, { type: 'hello', data: i });
      await got.until(200);
      expect(await connectionsNamed(`${name}-realtime`)).toBe(1);
      expect(await connectionsNamed(name)).toBe(1);
    } finally {
      await rt.close();
      await closeRedis(own);
    }
  });

  it('delivers a burst larger than one read, in order', async () => {
    const rt = createRealtime({
      redis: t.redis,
      keyPrefix: `${t.prefix}burst:`,
      retention: { maxEvents: 5000 },
    });
    try {
      const got = collector();
      rt.subscribe('user:1', undefined, got.onEvent);
      await sleep(100);
      await Promise.all(Array.from({ length: 2000 }, (_, i) => rt.publish('user:1', { type: 'n', data: i })));
      await got.until(2000, 10_000);
      const seen = got.events.map((e) => e.data as number);
      expect(new Set(seen).size).toBe(2000);
      const ids = got.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort(compareOffsets));
    } finally {
      await rt.close();
    }
  });

  it('picks up new topics while the reader is blocked, without waiting out the block', async () => {
    const rt = createRealtime({ redis: t.redis, keyPrefix: `${t.prefix}late:` });
    try {
      const first = collector();
      rt.subscribe('user:1', undefined, first.onEvent);
      await sleep(200); // the reader is now blocked on user:1 alone
      const late = collector();
      rt.subscribe('user:2', undefined, late.onEvent);
      await sleep(100);
      const started = Date.now();
      await rt.publish('user:2', { type: 'x', data: 1 });
      await late.until(1);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await rt.close();
    }
  });
});
