/** @module Hand-rolled reference: node:http + node:crypto, both signatures, decrypt, regex, reply, encrypt, sign. */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { APP, ECHO } from './scenario.js';

const key = Buffer.from(`${APP.aesKey}=`, 'base64');
const iv = key.subarray(0, 16);
const appid = Buffer.from(APP.appid);
const seen = new Map<string, number>();

const sha1 = (parts: string[]): string => createHash('sha1').update(parts.sort().join('')).digest('hex');
const same = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`)
    .exec(xml)
    ?.slice(1)
    .find((v) => v !== undefined);

function decrypt(encrypt: string): string | undefined {
  const d = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const plain = Buffer.concat([d.update(encrypt, 'base64'), d.final()]);
  const pad = plain[plain.length - 1] as number;
  if (pad < 1 || pad > 32) return undefined;
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length - pad) return undefined;
  if (plain.toString('utf8', 20 + len, plain.length - pad) !== APP.appid) return undefined;
  return plain.toString('utf8', 20, 20 + len);
}

function encrypt(text: string): string {
  const msg = Buffer.from(text);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const body = Buffer.concat([randomBytes(16), len, msg, appid]);
  const pad = 32 - (body.length % 32);
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), c.final()]).toString(
    'base64',
  );
}

function answer(query: URLSearchParams, xml: string): string | undefined {
  const [timestamp, nonce] = [query.get('timestamp') ?? '', query.get('nonce') ?? ''];
  const enc = tag(xml, 'Encrypt');
  if (!enc || !same(sha1([APP.token, timestamp, nonce]), query.get('signature') ?? '')) return undefined;
  if (!same(sha1([APP.token, timestamp, nonce, enc]), query.get('msg_signature') ?? '')) return undefined;
  const inner = decrypt(enc);
  if (inner === undefined) return undefined;
  const msgId = tag(inner, 'MsgId') ?? '';
  if (seen.has(msgId)) return 'success';
  seen.set(msgId, Date.now());
  if (seen.size > 1_000_000) seen.clear();
  const now = String(Math.floor(Date.now() / 1000));
  const reply =
    `<xml><ToUserName><![CDATA[${tag(inner, 'FromUserName')}]]></ToUserName><FromUserName><![CDATA[${tag(inner, 'ToUserName')}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${ECHO(tag(inner, 'Content') ?? '')}]]></Content></xml>`;
  const out = encrypt(reply);
  return (
    `<xml>\n<Encrypt><![CDATA[${out}]]></Encrypt>\n<MsgSignature><![CDATA[${sha1([APP.token, now, nonce, out])}]]></MsgSignature>\n` +
    `<TimeStamp>${now}</TimeStamp>\n<Nonce><![CDATA[${nonce}]]></Nonce>\n</xml>`
  );
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: string | undefined;
    try {
      body = answer(new URL(req.url ?? '/', 'http://x').searchParams, Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    res.writeHead(body === undefined ? 401 : 200, { 'content-type': 'application/xml' });
    res.end(body ?? 'invalid');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
});
