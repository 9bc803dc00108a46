/** @module Passive reply records (wire field names), as handlers return them. */

/** Sender and receiver swapped from the inbound message; CreateTime in Unix seconds. */
export interface ReplyHead {
  /** The user's openid (the inbound FromUserName). */
  ToUserName: string;
  /** The account's original id (the inbound ToUserName). */
  FromUserName: string;
  CreateTime: number;
}

export interface TextReply extends ReplyHead {
  MsgType: 'text';
  Content: string;
}
export interface ImageReply extends ReplyHead {
  MsgType: 'image';
  Image: { MediaId: string };
}
export interface VoiceReply extends ReplyHead {
  MsgType: 'voice';
  Voice: { MediaId: string };
}
export interface VideoReply extends ReplyHead {
  MsgType: 'video';
  Video: { MediaId: string; Title?: string; Description?: string };
}
export interface MusicFields {
  Title?: string;
  Description?: string;
  MusicUrl?: string;
  /** High-quality link, used on Wi-Fi. */
  HQMusicUrl?: string;
  ThumbMediaId: string;
}
export interface MusicReply extends ReplyHead {
  MsgType: 'music';
  Music: MusicFields;
}
export interface NewsArticle {
  Title: string;
  Description?: string;
  PicUrl?: string;
  Url?: string;
}
export interface NewsReply extends ReplyHead {
  MsgType: 'news';
  ArticleCount: number;
  /** 1 to 8 articles (WeChat drops the reply beyond 8). */
  Articles: NewsArticle[];
}
export interface TransferCustomerServiceReply extends ReplyHead {
  MsgType: 'transfer_customer_service';
  /** Hand the session to one customer-service account instead of any online one. */
  TransInfo?: { KfAccount: string };
}

export type ReplyMessage =
  TextReply | ImageReply | VoiceReply | VideoReply | MusicReply | NewsReply | TransferCustomerServiceReply;

/** What a handler may answer: a reply message, `success`, or '' (an empty body). Nothing means `success`. */
export type Reply = ReplyMessage | 'success' | '';

export const MAX_NEWS_ARTICLES = 8;
