/** @module The message outbox: durable, idempotent, rate-limited sends with WeChat's retry rules. */
export * from './create-outbox.js';
export * from './outbox.types.js';
export { outboxKey } from './outbox-key.js';
export { classifySendError, type SendDecision } from './classify-send-error.js';
export { OUTBOX_SEND_JOB, nextShanghaiMidnight } from './send-outbox-message.js';
export { customPayloadOfReply, REPLY_LATER_JOB, type ReplyLaterJob } from './reply-later.js';
export {
  createSubscribeChoices,
  subscribeChoiceMiddleware,
  type SubscribeChoices,
} from './subscribe-choices.js';
export type * from './outbox-tables.js';
