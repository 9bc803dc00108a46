/** @module Sends alert notices to one robot webhook: grouped, at most `rate.max` messages a period, queued beyond. */
import { request, type Dispatcher } from 'undici';
import type { AlertFormat } from '../../config/config.types.js';
import { buildRobotBody } from './build-robot-body.js';
import type { AlertNotice } from './create-alert-windows.js';

export type SendOutcome = 'sent' | 'failed' | 'dropped';

export interface RobotSenderOptions {
  readonly url: string;
  readonly format: AlertFormat;
  readonly groupMs: number;
  readonly rate: { readonly max: number; readonly perMs: number };
  readonly maxQueue: number;
  readonly timeoutMs: number;
}

export interface RobotSenderDeps {
  readonly logger: { warn(obj: object, msg?: string): void };
  /** Called once per message with what became of it. */
  readonly onOutcome: (outcome: SendOutcome) => void;
  readonly dispatcher?: Dispatcher;
}

export interface RobotSender {
  add(notices: readonly AlertNotice[]): void;
  /** Messages waiting for the rate limit. */
  queued(): number;
  /** Send what is grouped and what the rate allows now; the rest is dropped and counted. */
  close(): Promise<void>;
}

export function createRobotSender(options: RobotSenderOptions, deps: RobotSenderDeps): RobotSender {
  // The URL carries the robot's key: logs name the host only.
  const host = safeHost(options.url);
  const pending: AlertNotice[] = [];
  const queue: AlertNotice[][] = [];
  const rate = createRateWindow(options.rate);
  let groupTimer: NodeJS.Timeout | undefined;
  let pumpTimer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const post = poster(options, deps, rate, host);
  const pump = (): void => {
    if (inFlight || pumpTimer || queue.length === 0) return;
    const wait = rate.waitMs(Date.now());
    if (wait > 0) {
      pumpTimer = unref(setTimeout(() => ((pumpTimer = undefined), pump()), wait));
      return;
    }
    inFlight = post(queue.shift() as AlertNotice[]).finally(() => ((inFlight = undefined), pump()));
  };
  const enqueue = (): void => {
    groupTimer = undefined;
    if (pending.length === 0) return;
    const message = pending.splice(0);
    if (queue.length < options.maxQueue) return void (queue.push(message), pump());
    deps.onOutcome('dropped');
    deps.logger.warn({ host, alerts: message.length }, 'alert message dropped: robot queue full');
  };

  return {
    add(notices) {
      if (notices.length === 0) return;
      pending.push(...notices);
      if (options.groupMs === 0) return enqueue();
      groupTimer ??= unref(setTimeout(enqueue, options.groupMs));
    },
    queued: () => queue.length,
    async close() {
      clearTimeout(groupTimer);
      clearTimeout(pumpTimer);
      pumpTimer = undefined;
      enqueue();
      await inFlight;
      while (queue.length > 0 && rate.waitMs(Date.now()) === 0) await post(queue.shift() as AlertNotice[]);
      for (const _ of queue.splice(0)) deps.onOutcome('dropped');
    },
  };
}

/** One message out: counted as sent or failed, a failure logged (by host), never thrown. */
function poster(
  options: RobotSenderOptions,
  deps: RobotSenderDeps,
  rate: ReturnType<typeof createRateWindow>,
  host: string,
) {
  return async (message: readonly AlertNotice[]): Promise<void> => {
    rate.record(Date.now());
    const outcome = await postRobot(options, deps.dispatcher, message).catch((error: unknown) => ({
      ok: false as const,
      reason: error instanceof Error ? error.message : String(error),
    }));
    deps.onOutcome(outcome.ok ? 'sent' : 'failed');
    if (!outcome.ok) deps.logger.warn({ host, reason: outcome.reason }, 'alert message not delivered');
  };
}

/** The send times of the last period: how long until the next message may leave (0: now). */
function createRateWindow(rate: RobotSenderOptions['rate']) {
  const sentAt: number[] = [];
  return {
    record: (now: number) => void sentAt.push(now),
    waitMs(now: number): number {
      while (sentAt.length > 0 && (sentAt[0] as number) <= now - rate.perMs) sentAt.shift();
      return sentAt.length < rate.max ? 0 : (sentAt[0] as number) + rate.perMs - now;
    },
  };
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

/** One POST; WeCom and DingTalk answer 200 with a non-zero errcode on refusal, Feishu with a non-zero code. */
async function postRobot(
  options: RobotSenderOptions,
  dispatcher: Dispatcher | undefined,
  message: readonly AlertNotice[],
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const res = await request(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(buildRobotBody(options.format, message)),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal: AbortSignal.timeout(options.timeoutMs),
    ...(dispatcher ? { dispatcher } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) return { ok: false, reason: `HTTP ${res.statusCode}` };
  const code = answerCode(text);
  return code === undefined || code === 0 ? { ok: true } : { ok: false, reason: `code ${code}` };
}

function answerCode(text: string): number | undefined {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const code = json.errcode ?? json.code ?? json.StatusCode;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid URL';
  }
}
