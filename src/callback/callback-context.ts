/** @module What callback handlers receive as `ctx`; `replyLater` enqueues the outbox's `wechat.reply-later` job. */
import type { AppConfig } from '../config/config.types.js';
import type { AccessTokenBroker, JsapiTicketBroker } from '../kernel/credential/index.js';
import type { ApiClient } from '../kernel/http/index.js';
import type { Queue, Store } from '../kernel/ports/index.js';
import type { OfficialAccount } from '../official-account/index.js';
// The job's own file, not the outbox's index: the outbox imports this product, not the other way round.
import { REPLY_LATER_JOB, type ReplyLaterJob } from '../outbox/reply-later.js';
import type { CallbackLogger } from './callback-handler.types.js';
import type { Reply } from './reply.types.js';

/** One configured WeChat app with its API client and credential brokers. */
export interface WeChatApp {
  readonly config: AppConfig;
  readonly api: ApiClient;
  readonly tokens: AccessTokenBroker;
  readonly tickets: JsapiTicketBroker;
  /** The Official Account APIs over `api`; set for apps of type `official-account`. */
  readonly officialAccount?: OfficialAccount;
}

/** The `ctx` every callback handler and middleware gets. */
export interface CallbackContext {
  /** The app the push is for: its API client, brokers and config. */
  readonly app: WeChatApp;
  /** The Official Account APIs of `app` (user info, media, messages…); undefined for Mini Programs. */
  readonly officialAccount: OfficialAccount | undefined;
  /** The request's logger (a Fastify request logger under `wegate serve`). */
  readonly log: CallbackLogger;
  readonly store: Store;
  readonly queue: Queue;
  /**
   * Queues `reply` for delivery after the passive reply (as a customer-service message, within
   * WeChat's 48 h window). Idempotent across WeChat's retries of the same push.
   */
  replyLater(reply: Reply): Promise<void>;
}

/** Where a late reply goes and the key that makes it idempotent. */
export interface LaterTarget {
  readonly appName: string;
  readonly openid: string;
  /** The push's inbox key (`<appid>:<dedupe key>`). */
  readonly key: string;
}

/** Enqueues one late reply; `slot` tells several replies of one push apart. */
export async function enqueueReplyLater(
  queue: Queue,
  target: LaterTarget,
  reply: Reply,
  slot: string,
): Promise<void> {
  const data: ReplyLaterJob = { app: target.appName, openid: target.openid, reply };
  await queue.enqueue(REPLY_LATER_JOB, data, { idempotencyKey: `${target.key}:${slot}` });
}

// A class so that the per-request context carries no closures: replyLater lives on the prototype.
class RequestContext implements CallbackContext {
  private laterCount = 0;
  constructor(
    readonly app: WeChatApp,
    readonly log: CallbackLogger,
    readonly store: Store,
    readonly queue: Queue,
    private readonly target: LaterTarget,
  ) {}

  get officialAccount(): OfficialAccount | undefined {
    return this.app.officialAccount;
  }

  replyLater(reply: Reply): Promise<void> {
    this.laterCount += 1;
    return enqueueReplyLater(this.queue, this.target, reply, `later:${this.laterCount}`);
  }
}

export interface CallbackContextInput {
  app: WeChatApp;
  log: CallbackLogger;
  store: Store;
  queue: Queue;
  target: LaterTarget;
}

export function createCallbackContext(input: CallbackContextInput): CallbackContext {
  return new RequestContext(input.app, input.log, input.store, input.queue, input.target);
}
