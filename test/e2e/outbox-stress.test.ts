import { describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../src/adapters/bullmq/queue.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import type { Queue, Store } from '../../src/kernel/ports/index.js';
import { startOutboxServer, type OutboxServer } from '../helpers/outbox-server.js';
import { createTestRedis, deleteKeysWithPrefix, testRedisUrl } from '../helpers/redis.js';

const MESSAGES = 500;
const USERS = 20;
const PATH = '/cgi-bin/message/template/send';

async function stress(s: OutboxServer): Promise<void> {
  const appid = s.config.apps['oa']!.appid;
  await s.emulator('/templates', { appid, template_id: 'T', keys: ['n'] });
  for (let u = 0; u < USERS; u++)
    await s.emulator('/users/send', { app: 'oa', openid: `oS${u}`, message: { Event: 'subscribe' } });
  // 30% faults, half before WeChat delivers and half after, plus a burst of 45011.
  await s.emulator('/faults', { path: PATH, kind: 'errcode', errcode: -1, probability: 0.15 });
  await s.emulator('/faults', { path: PATH, kind: 'http', status: 502, probability: 0.15, phase: 'after' });
  await s.emulator('/faults', { path: PATH, kind: 'errcode', errcode: 45011, count: 25 });
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: MESSAGES }, async (_, i) => {
      const body = {
        app: 'oa',
        kind: 'template',
        touser: `oS${i % USERS}`,
        payload: { template_id: 'T', data: { n: { value: String(i) } } },
      };
      const res = await s.call('POST', '/api/messages', body, s.key);
      ids[i] = res.json['data'].id as string;
    }),
  );
  const end = Date.now() + 40_000;
  let pending = ids;
  while (pending.length > 0 && Date.now() < end) {
    const states = await Promise.all(
      pending.map(
        async (id) =>
          [id, (await s.call('GET', `/api/messages/${id}`, undefined, s.key)).json['data'].status] as const,
      ),
    );
    pending = states.filter(([, st]) => st !== 'sent' && st !== 'dead').map(([id]) => id);
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 250));
  }
  expect(pending).toEqual([]);
  const delivered = new Map<string, number>();
  for (let u = 0; u < USERS; u++) {
    for (const entry of await s.inbox('oa', `oS${u}`)) {
      if (entry['via'] !== 'template') continue;
      const n = entry['message'].data.n.value as string;
      delivered.set(n, (delivered.get(n) ?? 0) + 1);
    }
  }
  expect(delivered.size).toBe(MESSAGES);
  expect([...delivered.values()].every((count) => count === 1)).toBe(true);
}

const options = { outbox: { backoffMs: 20, attempts: 12, concurrency: 16 } };

describe('outbox stress: every template message delivered exactly once despite faults', () => {
  it('on the SQL queue', async () => {
    const s = await startOutboxServer({
      ...options,
      queue: (store: Store) => createSqlQueue({ store, pollIntervalMs: 50 }),
    });
    try {
      await stress(s);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('on BullMQ over real Redis', async () => {
    const redis = await createTestRedis('outbox-stress');
    const prefix = `${redis.prefix}bull`;
    let queue: Queue | undefined;
    const s = await startOutboxServer({
      ...options,
      queue: () => (queue = createBullmqQueue({ connection: { url: testRedisUrl() }, prefix })),
    });
    try {
      await stress(s);
    } finally {
      await s.close();
      await queue?.close();
      await deleteKeysWithPrefix(redis.redis, prefix);
      await redis.cleanup();
    }
  }, 60_000);
});
