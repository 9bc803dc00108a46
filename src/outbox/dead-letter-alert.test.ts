import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../adapters/memory/rate-limiter.js';
import { createManualClock } from '../adapters/memory/manual-clock.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import { WeChatApiError } from '../kernel/errors/index.js';
import type { ApiClient } from '../kernel/http/index.js';
import { PermanentJobError, type Store } from '../kernel/ports/index.js';
import type { AlertEvent } from '../telemetry/alerts/index.js';
import { insertOutboxRow } from './outbox-rows.js';
import { createSendHandler, OUTBOX_SEND_JOB } from './send-outbox-message.js';
import { createSubscribeChoices } from './subscribe-choices.js';

const clock = createManualClock(Date.UTC(2024, 0, 1));
let store: Store;

function handlerAnswering(error: Error, alerts: AlertEvent[]) {
  const api = { post: () => Promise.reject(error) } as unknown as ApiClient;
  return createSendHandler({
    store,
    apps: { oa: { api } },
    limiter: createMemoryRateLimiter({ points: 1000, durationMs: 1000 }),
    choices: createSubscribeChoices({ store, clock }),
    clock,
    quotaResetMarginMs: 0,
    alerts: { observe: (event) => void alerts.push(event) },
  });
}

const job = (attempt: number) => ({
  id: 'j',
  name: OUTBOX_SEND_JOB,
  data: { id: 'm1' },
  attempt,
  maxAttempts: 3,
});

beforeEach(async () => {
  store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  await insertOutboxRow(store.db, {
    id: 'm1',
    app: 'oa',
    kind: 'template',
    touser: 'oUser',
    idempotencyKey: 'k1',
    payload: { template_id: 't', data: {} },
    clientMsgId: null,
    now: clock.now(),
  });
});

afterEach(async () => {
  await store.close();
});

describe('outbox dead letters', () => {
  it('tell the alert observer of a message dead-lettered by a permanent errcode, with its app, path and errcode', async () => {
    const alerts: AlertEvent[] = [];
    const refused = new WeChatApiError(40003, 'invalid openid', '/cgi-bin/message/template/send');
    await expect(handlerAnswering(refused, alerts)(job(1))).rejects.toBeInstanceOf(PermanentJobError);
    expect(alerts).toEqual([
      { event: 'outbox.dead_letter', app: 'oa', api: '/cgi-bin/message/template/send', errcode: 40003 },
    ]);
  });

  it('say nothing while a transient failure is still being retried', async () => {
    const alerts: AlertEvent[] = [];
    const busy = new WeChatApiError(-1, 'system error', '/cgi-bin/message/template/send');
    await expect(handlerAnswering(busy, alerts)(job(1))).rejects.toBe(busy);
    expect(alerts).toEqual([]);
    await expect(handlerAnswering(busy, alerts)(job(3))).rejects.toBeInstanceOf(PermanentJobError);
    expect(alerts).toEqual([
      { event: 'outbox.dead_letter', app: 'oa', api: '/cgi-bin/message/template/send', errcode: -1 },
    ]);
  });
});
