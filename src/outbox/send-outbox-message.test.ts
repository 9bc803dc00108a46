import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../adapters/memory/rate-limiter.js';
import { createManualClock } from '../adapters/memory/manual-clock.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import { WeChatApiError } from '../kernel/errors/index.js';
import type { ApiClient } from '../kernel/http/index.js';
import {
  PermanentJobError,
  RetryLaterError,
  type Job,
  type RateLimiter,
  type Store,
} from '../kernel/ports/index.js';
import { insertOutboxRow, selectOutboxRow, toOutboxMessage } from './outbox-rows.js';
import type { OutboxApp } from './outbox.types.js';
import { createSendHandler, OUTBOX_SEND_JOB, type OutboxJob } from './send-outbox-message.js';
import { createSubscribeChoices } from './subscribe-choices.js';

const PATH = '/cgi-bin/message/custom/send';
const clock = createManualClock(Date.UTC(2024, 0, 1));
let store: Store;

/** An app whose send calls answer as `answer` says, and which records every body it was given. */
function stubApp(answer: () => Promise<unknown>): OutboxApp & { bodies: unknown[] } {
  const bodies: unknown[] = [];
  const api = { post: (_path: string, body: unknown) => (bodies.push(body), answer()) };
  return { api: api as unknown as ApiClient, bodies };
}

function handlerFor(
  app: OutboxApp,
  limiter: RateLimiter = createMemoryRateLimiter({ points: 1000, durationMs: 1000 }),
) {
  return createSendHandler({
    store,
    apps: { oa: app },
    limiter,
    choices: createSubscribeChoices({ store, clock }),
    clock,
    quotaResetMarginMs: 0,
  });
}

const job = (attempt: number): Job<OutboxJob> => ({
  id: 'job-1',
  name: OUTBOX_SEND_JOB,
  data: { id: 'm1' },
  attempt,
  maxAttempts: 5,
});

const message = async () => toOutboxMessage((await selectOutboxRow(store.db, 'm1'))!);

beforeEach(async () => {
  store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  await insertOutboxRow(store.db, {
    id: 'm1',
    app: 'oa',
    kind: 'custom',
    touser: 'oUser',
    idempotencyKey: 'k1',
    payload: { msgtype: 'text', text: { content: 'hi' } },
    clientMsgId: null,
    now: clock.now(),
  });
});

afterEach(async () => {
  await store.close();
});

describe(`outbox.send handler (${PATH})`, () => {
  it('shows a call in flight as sending', async () => {
    const hanging = stubApp(() => new Promise(() => undefined));
    void handlerFor(hanging)(job(1));
    await expect.poll(() => hanging.bodies.length).toBe(1);
    expect(await message()).toMatchObject({ status: 'sending', attempts: 1, uncertainAttempts: 0 });
  });

  it('counts the attempt of a worker that died mid-call as uncertain when another worker re-sends', async () => {
    // The first process calls WeChat and dies before the answer: it never settles the row.
    const dying = stubApp(() => new Promise(() => undefined));
    void handlerFor(dying)(job(1));
    await expect.poll(() => dying.bodies.length).toBe(1);
    const survivor = stubApp(async () => ({ errcode: 0, errmsg: 'ok' }));
    await handlerFor(survivor)(job(2));
    expect(survivor.bodies).toHaveLength(1);
    expect(await message()).toMatchObject({ status: 'sent', attempts: 2, uncertainAttempts: 1 });
  });

  it('dead-letters the job of a message already dead, without calling WeChat again', async () => {
    // The worker wrote `dead` and died before its queue recorded the job as dead.
    const first = stubApp(async () => {
      throw new WeChatApiError(40003, 'invalid openid', PATH);
    });
    await expect(handlerFor(first)(job(1))).rejects.toThrow('errcode 40003');
    const again = stubApp(async () => ({ errcode: 0, errmsg: 'ok' }));
    const rerun = handlerFor(again)(job(2));
    await expect(rerun).rejects.toBeInstanceOf(PermanentJobError);
    await expect(rerun).rejects.toThrow('errcode 40003');
    expect(again.bodies).toEqual([]);
    expect(await message()).toMatchObject({ status: 'dead', attempts: 1, lastErrcode: 40003 });
  });

  it('counts a settled -1 once and a certain 45011 not at all', async () => {
    const answers = [-1, 45011, 0];
    const app = stubApp(async () => {
      const errcode = answers.shift()!;
      if (errcode !== 0) throw new WeChatApiError(errcode, 'x', PATH);
      return { errcode, errmsg: 'ok' };
    });
    const handler = handlerFor(app);
    await expect(handler(job(1))).rejects.toThrow('errcode -1');
    expect(await message()).toMatchObject({ status: 'failed', uncertainAttempts: 1 });
    await expect(handler(job(2))).rejects.toThrow('errcode 45011');
    await handler(job(3));
    expect(await message()).toMatchObject({ status: 'sent', attempts: 3, uncertainAttempts: 1 });
  });

  it('waits in the worker for a near turn of the rate limit and sends in the same run', async () => {
    const waits = [30, 20];
    const asked: number[] = [];
    const limiter: RateLimiter = {
      consume: async () => {
        asked.push(Date.now());
        const wait = waits.shift();
        return wait === undefined
          ? { allowed: true, remaining: 0, msBeforeNext: 0, excess: 0 }
          : { allowed: false, remaining: 0, msBeforeNext: wait, excess: 1 };
      },
    };
    const app = stubApp(async () => ({ errcode: 0, errmsg: 'ok' }));
    await handlerFor(app, limiter)(job(1));
    expect(asked).toHaveLength(3);
    expect(asked[2]! - asked[0]!).toBeGreaterThanOrEqual(45);
    expect(app.bodies).toHaveLength(1);
    expect(await message()).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends the job back to the queue when its turn is far, without calling WeChat', async () => {
    const limiter: RateLimiter = {
      consume: async () => ({ allowed: false, remaining: 0, msBeforeNext: 5_000, excess: 200 }),
    };
    const app = stubApp(async () => ({ errcode: 0, errmsg: 'ok' }));
    const run = handlerFor(app, limiter)(job(1));
    await expect(run).rejects.toBeInstanceOf(RetryLaterError);
    await expect(run).rejects.toMatchObject({ delayMs: 5_000 });
    expect(app.bodies).toHaveLength(0);
    expect(await message()).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
