import { describe, expect, it } from 'vitest';
import { describeQueueContract } from '../../kernel/ports/queue.contract.js';
import { createTestRedis, testRedisUrl } from '../../../test/helpers/redis.js';
import { idempotentJobId } from './bullmq-job.js';
import { createBullmqQueue } from './queue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeQueueContract('BullMQ on Redis (prefix per suite)', async () => {
  const redis = await createTestRedis('bullmq-queue');
  // BullMQ joins prefix and queue name with ':' itself.
  const prefix = redis.prefix.slice(0, -1);
  return {
    open: async () =>
      createBullmqQueue({
        connection: { url: testRedisUrl() },
        prefix,
        lockDurationMs: 800,
        stalledIntervalMs: 400,
      }),
    cleanup: () => redis.cleanup(),
  };
});

describe('createBullmqQueue prune', () => {
  it('deletes settled jobs older than the age, at most limit per name, and frees their idempotency keys', async () => {
    const redis = await createTestRedis('bullmq-prune');
    const q = createBullmqQueue({ connection: { url: testRedisUrl() }, prefix: redis.prefix.slice(0, -1) });
    try {
      const done = await Promise.all(
        [1, 2, 3].map((n) => q.enqueue('send', { n }, { idempotencyKey: `k${n}` })),
      );
      const dead = await q.enqueue('fail', {}, { attempts: 1 });
      q.process('send', async () => undefined);
      q.process('fail', async () => {
        throw new Error('errcode 40003 invalid openid');
      });
      const settled = async () =>
        (await Promise.all(done.map((d) => q.get('send', d.id)))).every((j) => j?.state === 'completed') &&
        (await q.get('fail', dead.id))?.state === 'dead';
      for (let i = 0; i < 100 && !(await settled()); i += 1) await sleep(50);
      await sleep(300);
      expect(await q.prune('completed', 60_000, 10)).toBe(0);
      expect(await q.prune('completed', 200, 2)).toBe(2);
      expect(await q.prune('completed', 200, 2)).toBe(1);
      expect(await q.get('send', done[0]?.id ?? '')).toBeUndefined();
      expect((await q.enqueue('send', { n: 1 }, { idempotencyKey: 'k1' })).duplicate).toBe(false);
      expect(await q.deadLetters('fail')).toHaveLength(1);
      expect(await q.prune('dead', 200, 10)).toBe(1);
      expect(await q.deadLetters('fail')).toEqual([]);
    } finally {
      await q.close();
      await redis.cleanup();
    }
  });
});

describe('idempotentJobId', () => {
  it('turns any key into a BullMQ-safe, stable, distinct job id', () => {
    const id = idempotentJobId('oa:openid-1:template:42');
    expect(id).toMatch(/^idem-[A-Za-z0-9_-]{43}$/);
    expect(idempotentJobId('oa:openid-1:template:42')).toBe(id);
    expect(idempotentJobId('oa:openid-1:template:43')).not.toBe(id);
  });
});
