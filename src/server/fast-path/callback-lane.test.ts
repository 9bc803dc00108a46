import { request as rawRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, replyText, type CallbackContext } from '../../callback/index.js';
import {
  appConfig,
  openReply,
  plainRequest,
  safeRequest,
  startCallbackServer,
  textXml,
  type CallbackServer,
} from '../../../test/helpers/callback-kit.js';
import { createMsgCipher, signCallback } from '../../kernel/crypto/index.js';
import { callbackAppName } from './callback-lane.js';

describe('callbackAppName', () => {
  it.each([
    ['/wechat', 'oa'],
    ['/wechat?signature=a&timestamp=1', 'oa'],
    ['/wechat/mp?x=1', 'mp'],
    ['/wechat/shop-2_b', 'shop-2_b'],
  ])('takes %s as app %s', (url, name) => {
    expect(callbackAppName(url)).toBe(name);
  });

  it.each([
    '/wechat/',
    '/wechat/mp/extra',
    '/wechatx',
    '/wechat/m%70',
    '/pay/notify',
    '/wechat/' + 'a'.repeat(65),
  ])('leaves %s to Fastify', (url) => {
    expect(callbackAppName(url)).toBeUndefined();
  });
});

const oa = appConfig('oa', { appid: 'wx1111111111111111' });
const plain = appConfig('plain', { appid: 'wx2222222222222222', msgMode: 'plain' });
const MAX_BYTES = 2048;
let server: CallbackServer;
let handled = 0;

beforeAll(async () => {
  const router = createRouter<CallbackContext>().onMessage('text', (m) => {
    handled += 1;
    return replyText(m, `lane:${m.Content}`, 1700000001);
  });
  server = await startCallbackServer({
    apps: [oa, plain],
    callbacks: { oa: router, plain: router },
    callback: { maxBodyBytes: MAX_BYTES },
  });
});
afterAll(async () => {
  await server?.close();
});

/** POSTs a chunked body (no Content-Length) of `bytes` bytes; resolves status, body and whether the socket closed. */
async function postChunked(path: string, bytes: number) {
  await server.send({ method: 'GET', url: '/ping' }, 'http'); // listens on first HTTP use
  const base = new URL(server.app.listeningOrigin);
  return new Promise<{ status: number; body: string; closed: boolean }>((resolve, reject) => {
    const req = rawRequest({ host: base.hostname, port: base.port, path, method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, closed: res.headers.connection === 'close' }),
      );
    });
    req.on('error', reject);
    req.setHeader('content-type', 'text/xml');
    const chunk = 'x'.repeat(512);
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('the node:http lane', () => {
  it('answers a safe-mode push with the encrypted reply, the request id and the HTTP series', async () => {
    const res = await server.send(
      safeRequest('/wechat', oa, textXml({ content: 'hi', msgId: '77001' })),
      'http',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(openReply(oa, res.body)).toContain('<Content><![CDATA[lane:hi]]></Content>');
    const metrics = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /wegate_http_request_duration_seconds_count\{method="POST",route="\/wechat",status="200"\} 1/,
    );
    expect(metrics).toMatch(/wegate_callbacks_total\{app="oa",mode="safe",outcome="replied",reason=""\} 1/);
  });

  it('refuses a chunked body over the limit with 413, closes the connection and runs nothing', async () => {
    const before = handled;
    const res = await postChunked('/wechat?signature=a&timestamp=1&nonce=1', MAX_BYTES * 4);
    expect(res).toEqual({ status: 413, body: 'body too large', closed: true });
    expect(handled).toBe(before);
    expect(await server.jobs()).toEqual([]);
  });

  // `+` and `%2B`, and a broken escape Fastify's parser keeps as written: the lane reads them alike.
  it.each([
    ['a b+c', 'a+b%2Bc'],
    ['%E0%A4%A', '%E0%A4%A'],
  ])('reads the nonce %s from an escaped query as Fastify does, through both doors', async (nonce, wire) => {
    for (const [door, msgId] of [
      ['inject', '77201'],
      ['http', '77202'],
    ] as const) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const encrypt = createMsgCipher({ aesKey: oa.aesKey!, appid: oa.appid }).encrypt(
        textXml({ content: `q${msgId}`, msgId }),
      );
      const query =
        `signature=${signCallback(oa.token!, timestamp, nonce)}&timestamp=${timestamp}&nonce=${wire}` +
        `&encrypt_type=aes&msg_signature=${signCallback(oa.token!, timestamp, nonce, encrypt)}`;
      const res = await server.send(
        {
          method: 'POST',
          url: `/wechat?${query}`,
          headers: { 'content-type': 'text/xml' },
          payload: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
        },
        door,
      );
      expect([door, res.statusCode]).toEqual([door, 200]);
      expect(openReply(oa, res.body)).toContain(`<Content><![CDATA[lane:q${msgId}]]></Content>`);
      expect(res.body).toContain(`<Nonce><![CDATA[${nonce}]]></Nonce>`);
    }
  });

  it('decodes a body whose UTF-8 characters are split across chunks', async () => {
    await server.send({ method: 'GET', url: '/ping' }, 'http');
    const push = plainRequest('/wechat/plain', plain, textXml({ content: '你好，微信', msgId: '77301' }));
    const bytes = Buffer.from(String(push.payload));
    const cut = bytes.indexOf(Buffer.from('你')) + 1; // inside the first character's three bytes
    const base = new URL(server.app.listeningOrigin);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = rawRequest(
        { host: base.hostname, port: base.port, path: push.url as string, method: 'POST' },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.setHeader('content-type', 'text/xml');
      req.write(bytes.subarray(0, cut));
      setTimeout(() => req.end(bytes.subarray(cut)), 20);
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Content><![CDATA[lane:你好，微信]]></Content>');
  });

  it('leaves a trailing slash, the handshake and unknown paths to Fastify', async () => {
    expect((await server.send({ method: 'POST', url: '/wechat/' }, 'http')).statusCode).toBe(404);
    const handshake = await server.send({ method: 'GET', url: '/wechat?echostr=x' }, 'http');
    expect([handshake.statusCode, handshake.body]).toEqual([401, 'unauthorized']);
    expect((await server.send({ method: 'POST', url: '/wechat/nope', payload: 'x' }, 'http')).body).toBe(
      'unknown app',
    );
  });
});
