import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/bullmq/queue.js';
import { createSqlQueue } from '../../adapters/sql/queue.js';
import { createSqliteStore } from '../../adapters/sqlite/store.js';
import type { Queue } from '../../kernel/ports/index.js';
import { createTestSchemaStore } from '../../../test/helpers/postgres.js';
import { createTestRedis, testRedisUrl } from '../../../test/helpers/redis.js';
import { createMetrics } from './metrics.js';
import { registerQueueMetrics } from './queue-metrics.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Backend {
  queue: Queue;
  cleanup(): Promise<void>;
}

const backends: Record<string, () => Promise<Backend>> = {
  SQLite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-qm-'));
    const store = createSqliteStore({ file: join(dir, 'q.db') });
    await store.migrate();
    const queue = createSqlQueue({ store });
    return {
      queue,
      cleanup: async () => {
        await queue.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  PostgreSQL: async () => {
    const t = await createTestSchemaStore('wegate_qmetrics');
    await t.store.migrate();
    const queue = createSqlQueue({ store: t.store });
    return { queue, cleanup: async () => (await queue.close(), await t.cleanup()) };
  },
  BullMQ: async () => {
    const redis = await createTestRedis('queue-metrics');
    const queue = createBullmqQueue({
      connection: { url: testRedisUrl() },
      prefix: redis.prefix.slice(0, -1),
    });
    return { queue, cleanup: async () => (await queue.close(), await redis.cleanup()) };
  },
};

describe.each(Object.keys(backends))('queue gauges in /metrics (%s)', (label) => {
  let backend: Backend | undefined;
  afterAll(async () => backend?.cleanup());

  it('exports jobs by queue and state and the oldest waiting age, read on scrape', async () => {
    backend = await (backends[label] as () => Promise<Backend>)();
    const { queue } = backend;
    const metrics = createMetrics({ defaultMetrics: false });
    registerQueueMetrics(metrics, queue);
    await queue.enqueue('outbox.send', { n: 1 });
    await queue.enqueue('outbox.send', { n: 2 });
    await queue.enqueue('shop.order-timeout', {}, { delayMs: 60_000 });
    await sleep(1_100);
    const text = await metrics.registry.metrics();
    expect(text).toContain('wegate_queue_jobs{queue="outbox.send",state="waiting"} 2');
    expect(text).toContain('wegate_queue_jobs{queue="outbox.send",state="dead"} 0');
    expect(text).toContain('wegate_queue_jobs{queue="shop.order-timeout",state="delayed"} 1');
    const age = /wegate_queue_oldest_waiting_seconds\{queue="outbox.send"\} ([0-9.]+)/.exec(text);
    expect(Number(age?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(age?.[1])).toBeLessThan(30);
    // Read again on the next scrape, not remembered.
    queue.process('outbox.send', async () => undefined);
    await sleep(1_000);
    expect(await metrics.registry.metrics()).toContain(
      'wegate_queue_jobs{queue="outbox.send",state="waiting"} 0',
    );
  });
});

describe('queue gauges when the queue cannot answer', () => {
  it('leave the scrape answering, with the gauges empty, and report the error', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const errors: unknown[] = [];
    const broken = { stats: () => Promise.reject(new Error('connection refused')) } as unknown as Queue;
    registerQueueMetrics(metrics, broken, (e) => errors.push(e));
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE wegate_queue_jobs gauge');
    expect(text).not.toMatch(/wegate_queue_jobs\{/);
    expect(errors).toHaveLength(1);
  });
});
