/** @module createOutbox(): durable, idempotent customer-service, template and subscribe sends. */
import { randomUUID } from 'node:crypto';
import type { Middleware } from '../callback/index.js';
import { systemClock, type Clock, type Job, type Worker } from '../kernel/ports/index.js';
import { outboxKey } from './outbox-key.js';
import { insertOutboxRow, selectOutboxRow, toOutboxMessage } from './outbox-rows.js';
import type {
  OutboxDeps,
  OutboxMessage,
  OutboxOptions,
  OutboxSendInput,
  OutboxSendResult,
  OutboxStatus,
} from './outbox.types.js';
import { customPayloadOfReply, REPLY_LATER_JOB, type ReplyLaterJob } from './reply-later.js';
import { createSlicedRateLimiter } from './sliced-rate-limiter.js';
import { createSendHandler, OUTBOX_SEND_JOB, type OutboxJob } from './send-outbox-message.js';
import {
  createSubscribeChoices,
  subscribeChoiceMiddleware,
  type SubscribeChoices,
} from './subscribe-choices.js';

export interface Outbox {
  /** Stores the message (once per app and idempotency key) and queues its delivery. */
  send(input: OutboxSendInput): Promise<OutboxSendResult>;
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Start the `outbox.send` and `wechat.reply-later` workers; close() them on shutdown. */
  start(): Worker;
  readonly choices: SubscribeChoices;
  /** Records subscribe accept/reject push events of the Mini Program app `appName`. */
  subscribeMiddleware<Ctx>(appName: string): Middleware<Ctx>;
}

const DEFAULTS = {
  attempts: 8,
  backoffMs: 1000,
  rateLimit: { points: 600, durationMs: 1000 },
  subscribeWindowMs: 10 * 60_000,
  quotaResetMarginMs: 60_000,
  concurrency: 8,
};

export function createOutbox(options: OutboxOptions, deps: OutboxDeps): Outbox {
  const o = { ...DEFAULTS, ...options };
  const clock = deps.clock ?? systemClock;
  const choices = createSubscribeChoices({ store: deps.store, clock });
  // Real time, not the outbox clock: limits are about WeChat's seconds (and Redis expires in them).
  const limiter = createSlicedRateLimiter(deps.rateLimiter, { ...o.rateLimit, keyPrefix: 'wegate:outbox' });
  const handler = createSendHandler({
    ...deps,
    clock,
    limiter,
    choices,
    quotaResetMarginMs: o.quotaResetMarginMs,
  });

  const send = createSend(o, deps, clock);

  const replyLater = async (job: Job<ReplyLaterJob>): Promise<void> => {
    const payload = customPayloadOfReply(job.data.reply);
    if (!payload) return;
    const key = `reply-later:${job.idempotencyKey ?? job.id}`;
    await send({ app: job.data.app, kind: 'custom', touser: job.data.openid, payload, idempotencyKey: key });
  };

  return {
    send,
    get: async (id) => {
      const row = await selectOutboxRow(deps.store.db, id);
      return row && toOutboxMessage(row);
    },
    start: () => {
      const workers = [
        deps.queue.process<OutboxJob>(OUTBOX_SEND_JOB, handler, { concurrency: o.concurrency }),
        deps.queue.process<ReplyLaterJob>(REPLY_LATER_JOB, replyLater, { concurrency: 2 }),
      ];
      return { close: async () => void (await Promise.all(workers.map((w) => w.close()))) };
    },
    choices,
    subscribeMiddleware: (appName) => subscribeChoiceMiddleware(choices, appName),
  };
}

type ResolvedOptions = typeof DEFAULTS & OutboxOptions;

function createSend(o: ResolvedOptions, deps: OutboxDeps, clock: Clock) {
  return async (input: OutboxSendInput): Promise<OutboxSendResult> => {
    const now = clock.now();
    const id = randomUUID();
    const idempotencyKey = input.idempotencyKey ?? outboxKey(input, now, o.subscribeWindowMs);
    // Derived from our id, so every re-send of this message carries the same one (WeChat dedupes 10 min).
    const clientMsgId = input.kind === 'template' ? `wg-${id}` : null;
    const payload = { ...input.payload };
    delete payload['touser'];
    delete payload['client_msg_id'];
    const stored = await insertOutboxRow(deps.store.db, {
      ...input,
      id,
      idempotencyKey,
      payload,
      clientMsgId,
      now,
    });
    // Enqueued even for a duplicate: the queue's own key makes it a no-op, and it heals a crash between the two writes.
    await deps.queue.enqueue<OutboxJob>(
      OUTBOX_SEND_JOB,
      { id: stored.row.id },
      {
        idempotencyKey: `outbox:${stored.row.id}`,
        attempts: o.attempts,
        backoff: { type: 'exponential', delayMs: o.backoffMs },
      },
    );
    return { id: stored.row.id, status: stored.row.status as OutboxStatus, duplicate: !stored.inserted };
  };
}
