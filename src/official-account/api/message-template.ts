/** @module officialAccount.message.template: template messages (模板消息). */
import type { ApiClient } from '../../kernel/http/index.js';

export interface TemplateSendBody {
  touser: string;
  template_id: string;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  data: Record<string, { value: string; color?: string }>;
  /** Dedupe id: WeChat sends the same openid + client_msg_id once within 10 minutes. */
  client_msg_id?: string;
}

export interface TemplateSendResult {
  readonly errcode: number;
  readonly errmsg: string;
  readonly msgid?: number;
}

export interface MessageTemplate {
  /**
   * Sends a template message to a follower. `POST /cgi-bin/message/template/send`. Never retried here.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
   */
  send(body: TemplateSendBody): Promise<TemplateSendResult>;
}

export function createMessageTemplate(deps: { api: ApiClient }): MessageTemplate {
  return {
    send: (body) =>
      deps.api.post<TemplateSendResult>('/cgi-bin/message/template/send', body, { retry: false }),
  };
}
