/** @module officialAccount.message.custom: customer-service messages (客服消息). */
import type { ApiClient } from '../../kernel/http/index.js';

/** The message types `message/custom/send` accepts, with WeChat's field names. */
export type CustomMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | {
      msgtype: 'news';
      news: { articles: { title: string; description?: string; url?: string; picurl?: string }[] };
    }
  | { msgtype: 'mpnews'; mpnews: { media_id: string } }
  | {
      msgtype: 'msgmenu';
      msgmenu: { head_content?: string; list: { id: string; content: string }[]; tail_content?: string };
    }
  | {
      msgtype: 'miniprogrampage';
      miniprogrampage: { title: string; appid: string; pagepath: string; thumb_media_id: string };
    };

export type CustomSendBody = { touser: string; customservice?: { kf_account: string } } & CustomMessage;

export interface WeChatResult {
  readonly errcode: number;
  readonly errmsg: string;
}

export interface MessageCustom {
  /**
   * Sends a customer-service message (only within 48 h of the user's last interaction, else 45015).
   * `POST /cgi-bin/message/custom/send`. Never retried here: only the outbox retries sends.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
   */
  send(body: CustomSendBody): Promise<WeChatResult>;
  /**
   * Shows or hides "typing…" to the user. `POST /cgi-bin/message/custom/typing`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
   */
  typing(body: { touser: string; command: 'Typing' | 'CancelTyping' }): Promise<WeChatResult>;
}

export function createMessageCustom(deps: { api: ApiClient }): MessageCustom {
  return {
    send: (body) => deps.api.post<WeChatResult>('/cgi-bin/message/custom/send', body, { retry: false }),
    typing: (body) => deps.api.post<WeChatResult>('/cgi-bin/message/custom/typing', body, { retry: false }),
  };
}
