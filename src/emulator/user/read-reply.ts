/** @module Reads the server's answer to a push like WeChat: verify and decrypt, validate, decide what the user sees. */
import { verifyCallback } from '../../kernel/crypto/index.js';
import { parseXml } from '../../kernel/xml/index.js';
import type { PushChannel } from './build-push-request.js';
import type { WireRecord } from './send-record.types.js';
import { newsArticles, replyProblem, type ReplyParties } from './validate-reply.js';

/** What WeChat shows the user when the passive reply cannot be used. */
export const WECHAT_SERVICE_ERROR = '该公众号暂时无法提供服务，请稍后再试';

export type ReplyReading =
  | { readonly outcome: 'nothing' }
  | { readonly outcome: 'replied'; readonly shown: WireRecord }
  | { readonly outcome: 'error'; readonly reason: string };

class ReplyRejected extends Error {}

function parseDocument(body: string, format: PushChannel['format']): WireRecord {
  if (format === 'xml') {
    try {
      return parseXml(body);
    } catch (cause) {
      throw new ReplyRejected(`reply is not valid XML: ${(cause as Error).message}`);
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new ReplyRejected('reply is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ReplyRejected('reply is not a JSON object');
  return doc as WireRecord;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function openEnvelope(doc: WireRecord, channel: PushChannel): WireRecord {
  const encrypt = doc['Encrypt'];
  if (typeof encrypt !== 'string') {
    // Compatible mode takes plaintext replies too; safe mode does not.
    if (channel.mode === 'safe') throw new ReplyRejected('safe mode needs an encrypted reply');
    return doc;
  }
  if (!channel.cipher) throw new ReplyRejected('encrypted reply in plaintext mode');
  const [signature, timestamp, nonce] = ['MsgSignature', 'TimeStamp', 'Nonce'].map((name) =>
    scalar(doc[name]),
  );
  if (signature === undefined || timestamp === undefined || nonce === undefined) {
    throw new ReplyRejected('encrypted reply lacks MsgSignature, TimeStamp or Nonce');
  }
  if (!verifyCallback({ token: channel.token, timestamp, nonce, signature, encrypt })) {
    throw new ReplyRejected('MsgSignature does not match');
  }
  let plain: string;
  try {
    plain = channel.cipher.decrypt(encrypt).message;
  } catch (cause) {
    throw new ReplyRejected(`cannot decrypt the reply: ${(cause as Error).message}`);
  }
  return parseDocument(plain, channel.format);
}

/** The reply as the user sees it: news articles as a plain array. */
function shownOf(reply: WireRecord): WireRecord {
  if (reply['MsgType'] !== 'news') return reply;
  return { ...reply, Articles: newsArticles(reply) ?? [] };
}

/** Interprets an HTTP 200 answer: `success`/empty shows nothing; anything invalid shows WeChat's error text. */
export function readReply(body: string, channel: PushChannel, parties: ReplyParties): ReplyReading {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed === 'success') return { outcome: 'nothing' };
  try {
    const reply = openEnvelope(parseDocument(trimmed, channel.format), channel);
    const problem = replyProblem(reply, parties);
    if (problem !== undefined) return { outcome: 'error', reason: problem };
    return { outcome: 'replied', shown: shownOf(reply) };
  } catch (error) {
    if (error instanceof ReplyRejected) return { outcome: 'error', reason: error.message };
    throw error;
  }
}
