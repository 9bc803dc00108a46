/** @module Micro-benchmark of the transport-free callback path: verify → decrypt → parse → route → render encrypted reply. */
import { createMsgCipher, signCallback } from '../src/kernel/crypto/index.js';
import {
  createRouter,
  openInbound,
  openPush,
  parseInboundBody,
  parseMessage,
  renderReply,
  replyText,
  verifyInbound,
} from '../src/callback/index.js';

const TOKEN = 'benchtoken';
const APPID = 'wx0123456789abcdef';
const cipher = createMsgCipher({ aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appid: APPID });
const timestamp = String(Math.floor(Date.now() / 1000));
const nonce = '1320562132';
const inner =
  '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName>' +
  `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello wegate]]></Content>` +
  '<MsgId>23456789012345678</MsgId></xml>';
const encrypt = cipher.encrypt(inner);
const rawBody = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
const query = {
  signature: signCallback(TOKEN, timestamp, nonce),
  timestamp,
  nonce,
  encrypt_type: 'aes',
  msg_signature: signCallback(TOKEN, timestamp, nonce, encrypt),
};
const router = createRouter<undefined>().onMessage('text', (m) => replyText(m, m.Content));

async function once(): Promise<string> {
  const mode = 'safe';
  const input = { mode, token: TOKEN, cipher, appid: APPID, query, body: rawBody, format: 'xml' } as const;
  const opened = openPush({ ...input, maxSkewS: 300, now: Date.now() });
  if (!opened.ok) throw new Error(`refused: ${opened.check}`);
  const reply = await router.handle(opened.message, undefined);
  return renderReply(reply, { mode, format: 'xml', cipher, token: TOKEN, nonce, timestamp }).body;
}

async function measure(label: string, iterations: number, step: () => unknown): Promise<void> {
  for (let i = 0; i < Math.min(iterations, 2000); i += 1) await step();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await step();
  const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${label.padEnd(28)} ${micros.toFixed(2).padStart(8)} µs/op  (${iterations} ops)`);
}

const iterations = Number(process.env.BENCH_ITERATIONS ?? 20000);
const body = parseInboundBody(rawBody, 'xml');
const record = openInbound({ cipher, appid: APPID, body, format: 'xml' });
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
await measure('parse envelope', iterations, () => parseInboundBody(rawBody, 'xml'));
await measure('verify msg_signature', iterations, () =>
  verifyInbound({ token: TOKEN, query, body, mode: 'safe', maxSkewS: 300, now: Date.now() }),
);
await measure('decrypt + parse message', iterations, () =>
  openInbound({ cipher, appid: APPID, body, format: 'xml' }),
);
await measure('type message', iterations, () => parseMessage(record));
await measure('whole pure path', iterations, once);
