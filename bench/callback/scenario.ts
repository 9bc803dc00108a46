/** @module The benchmark scenario: one safe-mode Official Account, text pushes in, encrypted text replies out. */
import { createMsgCipher, signCallback, verifyCallback } from '../../src/kernel/crypto/index.js';

export const APP = {
  appid: 'wx5823bf96d3bd56c7',
  token: 'benchtoken',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  gh: 'gh_0123456789ab',
} as const;

// MsgIds differ between runs too, so a shared Redis never holds a dedupe key from an earlier run.
const MSGID_BASE = BigInt(process.env.BENCH_MSGID_BASE ?? Date.now()) * 1_000_000n;

const cipher = createMsgCipher({ aesKey: APP.aesKey, appid: APP.appid });

/** What the reply to push number `msgId` must carry: derived from the number, so nothing is kept per push. */
export interface Expected {
  user: string;
  content: string;
}

export interface BenchRequest extends Expected {
  path: string;
  body: string;
}

export function expectedOf(msgId: number): Expected {
  return {
    user: `oUser${(msgId % 997).toString(36).padStart(3, '0')}BenchOpenid_${msgId % 7}`,
    content: `hello wegate ${msgId}`,
  };
}

/** A signed safe-mode text push with a MsgId of its own (dedupe must never see a replay). */
export function buildRequest(msgId: number): BenchRequest {
  const { user, content } = expectedOf(msgId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(100000000 + msgId);
  const inner =
    `<xml><ToUserName><![CDATA[${APP.gh}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName>` +
    `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${MSGID_BASE + BigInt(msgId)}</MsgId></xml>`;
  const encrypt = cipher.encrypt(inner);
  const query = new URLSearchParams({
    signature: signCallback(APP.token, timestamp, nonce),
    timestamp,
    nonce,
    openid: user,
    encrypt_type: 'aes',
    msg_signature: signCallback(APP.token, timestamp, nonce, encrypt),
  });
  const body = `<xml><ToUserName><![CDATA[${APP.gh}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return { path: `/wechat?${query}`, body, user, content };
}

/** The request as bytes on the wire (HTTP/1.1 keep-alive, Content-Length framing). */
export function encodeRequest(request: BenchRequest, host: string): Buffer {
  const body = Buffer.from(request.body);
  const head =
    `POST ${request.path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: text/xml\r\n` +
    `Content-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** The text of `<name>` (CDATA or plain, surrounding whitespace ignored); indexOf only, no regex. */
export function field(xml: string, name: string): string | undefined {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const from = open + name.length + 2;
  const close = xml.indexOf(`</${name}>`, from);
  if (close < 0) return undefined;
  const text = xml.slice(from, close).trim();
  return text.startsWith('<![CDATA[') && text.endsWith(']]>') ? text.slice(9, -3) : text;
}

/** Why a reply is wrong, or undefined when it is a correctly signed, encrypted echo to the right user. */
export function checkReply(status: number, reply: string, request: Expected): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  const encrypt = field(reply, 'Encrypt');
  const signature = field(reply, 'MsgSignature');
  const timestamp = field(reply, 'TimeStamp');
  const nonce = field(reply, 'Nonce');
  if (!encrypt || !signature || !timestamp || !nonce) return 'not an encrypted envelope';
  if (!verifyCallback({ token: APP.token, timestamp, nonce, signature, encrypt })) return 'bad MsgSignature';
  let inner: string;
  try {
    inner = cipher.decrypt(encrypt).message;
  } catch {
    return 'does not decrypt';
  }
  if (field(inner, 'MsgType') !== 'text') return 'not a text reply';
  if (field(inner, 'ToUserName') !== request.user) return 'wrong ToUserName';
  if (field(inner, 'FromUserName') !== APP.gh) return 'wrong FromUserName';
  if (field(inner, 'Content') !== request.content) return 'wrong Content';
  return undefined;
}

/** Text to answer with: every server echoes the user's content. */
export const ECHO = (content: string): string => content;
