/** @module The `outbox.send` job handler: one attempt at one message, by DESIGN's retry rules. */
import { sql } from 'kysely';
import {
  PermanentJobError,
  RetryLaterError,
  type Job,
  type RateLimiter,
  type RateLimitResult,
} from '../kernel/ports/index.js';
import type { Clock, Store } from '../kernel/ports/index.js';
import type { KernelLogger } from '../kernel/http/index.js';
import { AlertEventName, type AlertObserver } from '../telemetry/alerts/alert-event.js';
import { callSendApi, SEND_PATHS } from './call-send-api.js';
import { classifySendError } from './classify-send-error.js';
import { selectOutboxRow, updateOutboxRow, type OutboxRow } from './outbox-rows.js';
import type { OutboxApp, OutboxKind } from './outbox.types.js';
import { REFUSED_CHOICES, type SubscribeChoices } from './subscribe-choices.js';

export const OUTBOX_SEND_JOB = 'outbox.send';

export interface OutboxJob {
  readonly id: string;
}

export interface SendHandlerDeps {
  readonly store: Store;
  readonly apps: Readonly<Record<string, OutboxApp>>;
  readonly limiter: RateLimiter;
  readonly choices: SubscribeChoices;
  readonly clock: Clock;
  readonly quotaResetMarginMs: number;
  readonly logger?: KernelLogger;
  readonly alerts?: AlertObserver;
}

const FINAL = new Set(['sent', 'skipped']);
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of the next Asia/Shanghai midnight, when WeChat's daily quotas reset (45009). */
export function nextShanghaiMidnight(ms: number): number {
  return (Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function createSendHandler(deps: SendHandlerDeps): (job: Job<OutboxJob>) => Promise<void> {
  const { db } = deps.store;
  const finish = (id: string, update: Parameters<typeof updateOutboxRow>[2]) =>
    updateOutboxRow(db, id, { ...update, updated_at: deps.clock.now() });

  return async (job) => {
    const row = await selectOutboxRow(db, job.data.id);
    if (!row) throw new PermanentJobError(`no outbox message ${job.data.id}`);
    // Dead, but the job was not settled (its worker died after writing the row): dead-letter it now.
    if (row.status === 'dead') throw new PermanentJobError(row.last_error ?? 'dead');
    if (FINAL.has(row.status)) return;
    const refusal = await refusedTemplate(deps.choices, row);
    if (refusal) return finish(row.id, { status: 'skipped', last_error: refusal });
    const app = deps.apps[row.app];
    if (!app) {
      await finish(row.id, { status: 'dead', last_error: `unknown app ${row.app}` });
      throw new PermanentJobError(`unknown app ${row.app}`);
    }
    const path = SEND_PATHS[row.kind as OutboxKind];
    const limit = await takeTurn(deps.limiter, `${row.app}:${path}`);
    if (!limit.allowed) throw new RetryLaterError(limit.msBeforeNext, `rate limit of ${row.app} ${path}`);
    await startAttempt(deps, row);
    let msgid: string | null;
    try {
      msgid = await callSendApi(app, {
        kind: row.kind as OutboxKind,
        touser: row.touser,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        clientMsgId: row.client_msg_id,
      });
    } catch (error) {
      return settleFailure(deps, job, row, error);
    }
    // Recorded at once: a crash before this line is the whole duplicate window of a custom send.
    await finish(row.id, { status: 'sent', sent_at: deps.clock.now(), msgid });
  };
}

/** A turn this close is waited for in the worker; a later one sends the job back to the queue. */
export const IN_WORKER_WAIT_MS = 1000;
const TURN_ROUNDS = 3;

/**
 * Consumes a send from the limiter, waiting in the worker for a near turn. The sliced limiter hands
 * refused callers their turns in order; a job that went back to the queue instead would free its worker
 * for a fresh job that takes the turn (measured: a 100/s limit delivered 52–67/s mid-run that way).
 */
async function takeTurn(limiter: RateLimiter, key: string): Promise<RateLimitResult> {
  let limit = await limiter.consume(key);
  for (let round = 1; round < TURN_ROUNDS && !limit.allowed; round += 1) {
    if (limit.msBeforeNext > IN_WORKER_WAIT_MS) break;
    await new Promise((resolve) => setTimeout(resolve, limit.msBeforeNext));
    limit = await limiter.consume(key);
  }
  return limit;
}

/**
 * Marks the row `sending` for the length of the call. Finding it still `sending` means the previous
 * attempt's process died (or lost its lease) mid-call: WeChat may have delivered it, so that attempt
 * counts as uncertain like a -1 or an HTTP 5xx.
 */
async function startAttempt(deps: SendHandlerDeps, row: OutboxRow): Promise<void> {
  const now = deps.clock.now();
  await updateOutboxRow(deps.store.db, row.id, {
    status: 'sending',
    attempts: sql<number>`attempts + 1`,
    ...(row.status === 'sending' ? { uncertain_attempts: sql<number>`uncertain_attempts + 1` } : {}),
    first_attempt_at: row.first_attempt_at ?? now,
    last_attempt_at: now,
    updated_at: now,
  });
}

async function refusedTemplate(choices: SubscribeChoices, row: OutboxRow): Promise<string | undefined> {
  if (row.kind !== 'subscribe') return undefined;
  const templateId = (JSON.parse(row.payload) as { template_id?: unknown }).template_id;
  if (typeof templateId !== 'string') return undefined;
  const status = await choices.status(row.app, row.touser, templateId);
  return status && REFUSED_CHOICES.has(status)
    ? `user chose "${status}" for template ${templateId}`
    : undefined;
}

async function settleFailure(deps: SendHandlerDeps, job: Job<OutboxJob>, row: OutboxRow, error: unknown) {
  const decision = classifySendError(error);
  const base = {
    last_errcode: decision.errcode,
    last_error: decision.reason,
    updated_at: deps.clock.now(),
    ...(decision.uncertain ? { uncertain_attempts: sql<number>`uncertain_attempts + 1` } : {}),
  };
  const db = deps.store.db;
  if (decision.action === 'pause') {
    await updateOutboxRow(db, row.id, { ...base, status: 'failed' });
    const now = deps.clock.now();
    const delay = nextShanghaiMidnight(now) - now + deps.quotaResetMarginMs;
    throw new RetryLaterError(delay, `daily quota of ${row.kind} sends: paused until the reset`, {
      cause: error,
    });
  }
  if (decision.action === 'dead' || job.attempt >= job.maxAttempts) {
    await updateOutboxRow(db, row.id, { ...base, status: 'dead' });
    deps.logger?.warn({ outbox: row.id, errcode: decision.errcode, app: row.app }, 'outbox message dead');
    deps.alerts?.observe({
      event: AlertEventName.OutboxDeadLetter,
      app: row.app,
      api: SEND_PATHS[row.kind as OutboxKind],
      ...(decision.errcode === null ? {} : { errcode: decision.errcode }),
    });
    throw new PermanentJobError(decision.reason, { cause: error });
  }
  await updateOutboxRow(db, row.id, { ...base, status: 'failed' });
  throw error;
}
