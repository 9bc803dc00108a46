/** @module Builders of passive replies, addressed back to the sender of the inbound message. */
import type { MessageHead } from './message.types.js';
import {
  MAX_NEWS_ARTICLES,
  type ImageReply,
  type MusicFields,
  type MusicReply,
  type NewsArticle,
  type NewsReply,
  type ReplyHead,
  type ReplyMessage,
  type TextReply,
  type TransferCustomerServiceReply,
  type VideoReply,
  type VoiceReply,
} from './reply.types.js';

/** The inbound fields a reply is addressed from. */
export type ReplyTarget = Pick<MessageHead, 'ToUserName' | 'FromUserName'>;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Swaps sender and receiver of `to`; `createTime` in Unix seconds (default now). */
export function replyHead(to: ReplyTarget, createTime = nowSeconds()): ReplyHead {
  return { ToUserName: to.FromUserName, FromUserName: to.ToUserName, CreateTime: createTime };
}

export function replyText(to: ReplyTarget, content: string, createTime = nowSeconds()): TextReply {
  // Spelled out rather than spread from replyHead: this is the reply of the echo hot path.
  return {
    ToUserName: to.FromUserName,
    FromUserName: to.ToUserName,
    CreateTime: createTime,
    MsgType: 'text',
    Content: content,
  };
}

/** `mediaId` of an uploaded image (temporary or permanent material). */
export function replyImage(to: ReplyTarget, mediaId: string, createTime?: number): ImageReply {
  return { ...replyHead(to, createTime), MsgType: 'image', Image: { MediaId: mediaId } };
}

export function replyVoice(to: ReplyTarget, mediaId: string, createTime?: number): VoiceReply {
  return { ...replyHead(to, createTime), MsgType: 'voice', Voice: { MediaId: mediaId } };
}

export function replyVideo(to: ReplyTarget, video: VideoReply['Video'], createTime?: number): VideoReply {
  return { ...replyHead(to, createTime), MsgType: 'video', Video: { ...video } };
}

export function replyMusic(to: ReplyTarget, music: MusicFields, createTime?: number): MusicReply {
  return { ...replyHead(to, createTime), MsgType: 'music', Music: { ...music } };
}

/** Throws RangeError unless there are 1 to 8 articles. */
export function assertNewsArticles(articles: readonly NewsArticle[]): void {
  if (articles.length < 1 || articles.length > MAX_NEWS_ARTICLES) {
    throw new RangeError(`a news reply holds 1 to ${MAX_NEWS_ARTICLES} articles (got ${articles.length})`);
  }
}

/** 1 to 8 articles (RangeError otherwise); replies to ordinary messages show only the first. */
export function replyNews(to: ReplyTarget, articles: readonly NewsArticle[], createTime?: number): NewsReply {
  assertNewsArticles(articles);
  return {
    ...replyHead(to, createTime),
    MsgType: 'news',
    ArticleCount: articles.length,
    Articles: articles.map((article) => ({ ...article })),
  };
}

/** Hands the conversation to customer service, optionally to one `kfAccount` (e.g. `kf2001@gh_…`). */
export function replyTransferCustomerService(
  to: ReplyTarget,
  kfAccount?: string,
  createTime?: number,
): TransferCustomerServiceReply {
  const reply: TransferCustomerServiceReply = {
    ...replyHead(to, createTime),
    MsgType: 'transfer_customer_service',
  };
  if (kfAccount !== undefined) reply.TransInfo = { KfAccount: kfAccount };
  return reply;
}

const REPLY_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'transfer_customer_service',
]);

/** Checks a reply record built by hand: a known MsgType, and 1 to 8 news articles matching ArticleCount. */
export function assertReplyMessage(reply: ReplyMessage): void {
  if (!REPLY_TYPES.has(reply.MsgType)) throw new TypeError(`unknown reply MsgType ${String(reply.MsgType)}`);
  if (reply.MsgType !== 'news') return;
  assertNewsArticles(reply.Articles);
  if (reply.ArticleCount !== reply.Articles.length) {
    throw new RangeError(
      `ArticleCount ${reply.ArticleCount} does not match ${reply.Articles.length} articles`,
    );
  }
}
