/** @module Runs one push through the inbox and the app's router within the deadline. */
import type { Clock, Queue, Store } from '../kernel/ports/index.js';
import type { CallbackApp } from './callback-apps.js';
import { createCallbackContext, enqueueReplyLater, type LaterTarget } from './callback-context.js';
import type { CallbackLogger, CallbackOutcome, Deadlines } from './callback-handler.types.js';
import { dedupeKey } from './dedupe-key.js';
import { inboxKey, isPending, type CallbackInbox, type InboxBegin, type InboxLease } from './inbox/index.js';
import type { VerifiedMessage } from './open-push.js';
import type { Reply } from './reply.types.js';

export interface RunCallbackDeps {
  readonly inbox: CallbackInbox;
  readonly store: Store;
  readonly queue: Queue;
  readonly clock: Clock;
  readonly deadlineMs: number;
  readonly deadlines: Deadlines;
}

export interface RunResult {
  readonly reply: Reply;
  readonly outcome: CallbackOutcome;
}

interface Attempt {
  /** The HTTP answer went out as `success` at the deadline. */
  late: boolean;
  /** The handler finished before the deadline; its reply will be the answer. */
  settled: boolean;
}

const NO_ROUTER: RunResult = { reply: 'success', outcome: 'success' };
const AT_DEADLINE: RunResult = { reply: 'success', outcome: 'deadline' };

function isEmpty(reply: Reply): boolean {
  return reply === 'success' || reply === '';
}

async function claim(
  inbox: CallbackInbox,
  key: string,
  deadlineAt: number,
  first: InboxBegin,
): Promise<InboxLease | RunResult> {
  let begun = first;
  // A retry of a running push waits for it; when the holder gave up or died, take over.
  for (let round = 0; round < 2 && begun.kind === 'running'; round += 1) {
    const waited = await inbox.waitFor(key, deadlineAt);
    if (waited.kind === 'done') return { reply: waited.reply, outcome: 'duplicate' };
    if (waited.kind === 'running') return AT_DEADLINE;
    begun = await inbox.begin(key);
  }
  if (begun.kind === 'run') return begun.lease;
  return begun.kind === 'done' ? { reply: begun.reply, outcome: 'duplicate' } : AT_DEADLINE;
}

async function settle(
  deps: RunCallbackDeps,
  handling: Promise<Reply | undefined>,
  lease: InboxLease,
  target: LaterTarget,
  attempt: Attempt,
  log: CallbackLogger,
): Promise<RunResult> {
  let reply: Reply;
  try {
    reply = (await handling) ?? 'success';
  } catch (error) {
    // Answer `success` (a 5xx shows the user WeChat's error page after three retries) and free the
    // push, so a retry WeChat still sends runs the handler again.
    log.error({ err: error, app: target.appName }, 'callback handler failed');
    await deps.inbox.release(lease).catch(() => undefined);
    return { reply: 'success', outcome: 'error' };
  }
  if (!attempt.late) attempt.settled = true;
  else if (!isEmpty(reply)) {
    await enqueueReplyLater(deps.queue, target, reply, 'late').catch((err: unknown) =>
      log.error({ err, app: target.appName }, 'late callback reply not queued'),
    );
  }
  // Past the deadline WeChat got `success`; retries must get the same, the reply travels by queue.
  const stored: Reply = attempt.late ? 'success' : reply;
  try {
    // A store in this process answers at once: no await for it.
    const finished = deps.inbox.finish(lease, stored);
    if (isPending(finished)) await finished;
  } catch (err) {
    log.warn({ err }, 'callback reply not stored');
  }
  return { reply: stored, outcome: isEmpty(stored) ? 'success' : 'replied' };
}

/** A timer per push: the plain way, for callers that bring no shared timer. */
export const timerDeadlines: Deadlines = {
  add: (ms, fire) => setTimeout(fire, Math.max(0, ms)),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

function raceDeadline(
  deadlines: Deadlines,
  work: Promise<RunResult>,
  attempt: Attempt,
  ms: number,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const deadline = deadlines.add(ms, () => {
      if (attempt.settled) return;
      attempt.late = true;
      resolve(AT_DEADLINE);
    });
    void work.then((result) => {
      deadlines.cancel(deadline);
      resolve(result);
    });
  });
}

/** The reply to answer (never throws for handler failures) and how the push was handled. */
export async function runCallback(
  deps: RunCallbackDeps,
  app: CallbackApp,
  message: VerifiedMessage,
  log: CallbackLogger,
  startedAt: number,
): Promise<RunResult> {
  const router = app.router;
  if (!router) return NO_ROUTER;
  const key = inboxKey(app.appid, dedupeKey(message));
  const deadlineAt = startedAt + deps.deadlineMs;
  // An inbox over this process's memory answers at once; a claimed push then costs no await.
  const begun = deps.inbox.begin(key);
  const first = isPending(begun) ? await begun : begun;
  const claimed = first.kind === 'run' ? first.lease : await claim(deps.inbox, key, deadlineAt, first);
  if (!('token' in claimed)) return claimed;
  const target: LaterTarget = { appName: app.name, openid: message.FromUserName, key };
  const ctx = createCallbackContext({ app: app.wechat, log, store: deps.store, queue: deps.queue, target });
  const attempt: Attempt = { late: false, settled: false };
  let handling: Promise<Reply | undefined>;
  try {
    handling = router.handle(message, ctx);
  } catch (error) {
    handling = Promise.reject(error);
  }
  const work = settle(deps, handling, claimed, target, attempt, log);
  return raceDeadline(deps.deadlines, work, attempt, deadlineAt - deps.clock.now());
}
