/** @module Renders a passive reply as the HTTP body WeChat expects: XML or JSON, encrypted in safe mode. */
import {
  buildEncryptedReplyJson,
  buildEncryptedReplyXml,
  encryptReply,
  type MsgCipher,
} from '../kernel/crypto/index.js';
import { buildXml, xmlItems, type XmlInputRecord } from '../kernel/xml/index.js';
import { assertReplyMessage } from './build-reply.js';
import type { CallbackFormat, CallbackMode } from './callback-record.types.js';
import type { Reply, ReplyMessage } from './reply.types.js';

export interface RenderReplyOptions {
  mode: CallbackMode;
  format: CallbackFormat;
  /** Required in safe mode. */
  cipher?: MsgCipher;
  token: string;
  /** Echo the request's nonce. */
  nonce: string;
  /** The reply's own timestamp, Unix seconds. */
  timestamp: string | number;
  /** Fixed random prefix, for tests against published vectors only. */
  random16?: Buffer;
}

export interface RenderedReply {
  contentType: string;
  body: string;
}

export const CONTENT_TYPES = {
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** The plaintext reply document: `<xml>…</xml>` (news Articles as `<item>`s) or a JSON object. */
export function serializeReply(reply: ReplyMessage, format: CallbackFormat): string {
  assertReplyMessage(reply);
  if (format === 'json') return JSON.stringify(reply);
  const record = reply as unknown as XmlInputRecord;
  if (reply.MsgType !== 'news') return buildXml(record);
  return buildXml({ ...record, Articles: xmlItems(reply.Articles as unknown as XmlInputRecord[]) });
}

/**
 * Renders what a handler answered. `success`, '' and no answer are sent as they are, never
 * encrypted (WeChat takes both as "no reply"). Other replies are serialised in `format` and, in
 * safe mode, encrypted and signed over the reply's own timestamp and nonce. Compatible mode answers
 * in plaintext, which WeChat accepts there.
 */
export function renderReply(reply: Reply | undefined, options: RenderReplyOptions): RenderedReply {
  if (reply === undefined || reply === 'success' || reply === '') {
    return { contentType: CONTENT_TYPES.text, body: reply ?? 'success' };
  }
  const plain = serializeReply(reply, options.format);
  if (options.mode !== 'safe') return { contentType: CONTENT_TYPES[options.format], body: plain };
  if (!options.cipher) throw new TypeError('a safe-mode reply needs the app cipher');
  const encrypted = encryptReply({
    cipher: options.cipher,
    token: options.token,
    message: plain,
    timestamp: options.timestamp,
    nonce: options.nonce,
    random16: options.random16,
  });
  return options.format === 'json'
    ? { contentType: CONTENT_TYPES.json, body: buildEncryptedReplyJson(encrypted) }
    : { contentType: CONTENT_TYPES.xml, body: buildEncryptedReplyXml(encrypted) };
}
