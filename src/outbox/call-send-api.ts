/** @module callSendApi(): one outbox message as one WeChat send call (never retried by the client). */
import { createSubscribeMessage, type SubscribeSendBody } from '../mini-program/api/subscribe-message.js';
import { createMessageCustom, type CustomSendBody } from '../official-account/api/message-custom.js';
import { createMessageTemplate, type TemplateSendBody } from '../official-account/api/message-template.js';
import type { OutboxApp, OutboxKind } from './outbox.types.js';

/** The WeChat path of each kind: rate limits and metrics are keyed by it. */
export const SEND_PATHS: Readonly<Record<OutboxKind, string>> = {
  custom: '/cgi-bin/message/custom/send',
  template: '/cgi-bin/message/template/send',
  subscribe: '/cgi-bin/message/subscribe/send',
};

export interface SendCall {
  readonly kind: OutboxKind;
  readonly touser: string;
  readonly payload: Record<string, unknown>;
  readonly clientMsgId: string | null;
}

/** Returns WeChat's msgid when it gives one. */
export async function callSendApi(app: OutboxApp, call: SendCall): Promise<string | null> {
  const body = { ...call.payload, touser: call.touser };
  if (call.kind === 'custom') {
    await createMessageCustom(app).send(body as CustomSendBody);
    return null;
  }
  if (call.kind === 'template') {
    const sent = await createMessageTemplate(app).send({
      ...(body as TemplateSendBody),
      ...(call.clientMsgId === null ? {} : { client_msg_id: call.clientMsgId }),
    });
    return sent.msgid === undefined ? null : String(sent.msgid);
  }
  const sent = await createSubscribeMessage(app).send(body as SubscribeSendBody);
  return sent.msgid === undefined ? null : String(sent.msgid);
}
