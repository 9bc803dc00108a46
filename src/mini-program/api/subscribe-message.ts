/** @module miniProgram.message.subscribe: subscribe messages (订阅消息). */
import type { ApiClient } from '../../kernel/http/index.js';

export interface SubscribeSendBody {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: string;
}

export interface SubscribeSendResult {
  readonly errcode: number;
  readonly errmsg: string;
  readonly msgid?: number;
}

export interface SubscribeMessage {
  /**
   * Sends a one-time subscribe message the user accepted (43101 when refused, 47003 for bad data).
   * `POST /cgi-bin/message/subscribe/send`. Never retried here: only the outbox retries sends.
   * @see https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
   */
  send(body: SubscribeSendBody): Promise<SubscribeSendResult>;
}

export function createSubscribeMessage(deps: { api: ApiClient }): SubscribeMessage {
  return {
    send: (body) =>
      deps.api.post<SubscribeSendResult>('/cgi-bin/message/subscribe/send', body, { retry: false }),
  };
}
