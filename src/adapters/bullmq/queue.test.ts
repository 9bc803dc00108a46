import { describe, expect, it } from 'vitest';
import { describeQueueContract } from '../../kernel/ports/queue.contract.js';
import { createTestRedis, testRedisUrl } from '../../../test/helpers/redis.js';
import { idempotentJobId } from './bullmq-job.js';
import { createBullmqQueue } from './queue.js';

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

describe('idempotentJobId', () => {
  it('turns any key into a BullMQ-safe, stable, distinct job id', () => {
    const id = idempotentJobId('oa:openid-1:template:42');
    expect(id).toMatch(/^idem-[A-Za-z0-9_-]{43}$/);
    expect(idempotentJobId('oa:openid-1:template:42')).toBe(id);
    expect(idempotentJobId('oa:openid-1:template:43')).not.toBe(id);
  });
});
