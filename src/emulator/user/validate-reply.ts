/** @module Checks a decrypted passive reply the way WeChat does before showing it to the user. */
import type { WireRecord } from './send-record.types.js';

export interface ReplyParties {
  readonly openid: string;
  readonly originalId: string;
}

/** WeChat drops news replies with more articles than this. */
export const MAX_NEWS_ARTICLES = 8;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const group = (record: WireRecord, name: string): WireRecord | undefined => {
  const value = record[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as WireRecord)
    : undefined;
};

/** News `Articles`: an array (JSON) or `<item>`s (XML). */
export function newsArticles(reply: WireRecord): unknown[] | undefined {
  const articles = reply['Articles'];
  if (Array.isArray(articles)) return articles;
  const items = group(reply, 'Articles')?.['item'];
  if (items === undefined) return undefined;
  return Array.isArray(items) ? items : [items];
}

function mediaReason(reply: WireRecord, groupName: string): string | undefined {
  const mediaId = text(group(reply, groupName)?.['MediaId']);
  return mediaId ? undefined : `${groupName}.MediaId is missing`;
}

function newsReason(reply: WireRecord): string | undefined {
  const articles = newsArticles(reply);
  if (!articles || articles.length === 0) return 'news reply has no Articles';
  if (articles.length > MAX_NEWS_ARTICLES)
    return `news reply has ${articles.length} articles (at most ${MAX_NEWS_ARTICLES})`;
  if (text(reply['ArticleCount']) !== String(articles.length))
    return 'ArticleCount does not match the articles';
  const untitled = articles.some(
    (article) => text((article as WireRecord | undefined)?.['Title']) === undefined,
  );
  return untitled ? 'a news article has no Title' : undefined;
}

const BY_TYPE: Readonly<Record<string, (reply: WireRecord) => string | undefined>> = {
  text: (reply) => (text(reply['Content']) === undefined ? 'text reply has no Content' : undefined),
  image: (reply) => mediaReason(reply, 'Image'),
  voice: (reply) => mediaReason(reply, 'Voice'),
  video: (reply) => mediaReason(reply, 'Video'),
  music: (reply) =>
    text(group(reply, 'Music')?.['ThumbMediaId']) ? undefined : 'Music.ThumbMediaId is missing',
  news: newsReason,
  transfer_customer_service: () => undefined,
};

/** Why WeChat would refuse this reply, or undefined when it would show it. */
export function replyProblem(reply: WireRecord, parties: ReplyParties): string | undefined {
  const to = text(reply['ToUserName']);
  if (to !== parties.openid) return `ToUserName is ${JSON.stringify(to ?? null)}, not the user's openid`;
  const from = text(reply['FromUserName']);
  if (from !== parties.originalId)
    return `FromUserName is ${JSON.stringify(from ?? null)}, not the app's original id`;
  if (!/^\d+$/.test(text(reply['CreateTime']) ?? '')) return 'CreateTime is missing or not an integer';
  const msgType = text(reply['MsgType']) ?? '';
  const check = BY_TYPE[msgType];
  if (!check) return `MsgType ${JSON.stringify(msgType)} cannot be a passive reply`;
  return check(reply);
}
