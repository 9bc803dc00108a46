import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRouter, parseInboundBody, replyText, type InboundMessage } from '../../callback/index.js';
import { signCallback } from '../../kernel/crypto/index.js';
import {
  appConfig,
  openReply,
  safeRequest,
  startCallbackServer,
  textJson,
  textXml,
  type CallbackServer,
  type Door,
} from '../../../test/helpers/callback-kit.js';
import type { CallbackContext } from './wechat/callback-context.js';

// Attacks an outsider mounts with one captured push (an access log, a proxy): each must be refused
// with the one answer every refusal gets, and nothing may be routed or stored.
const oa = appConfig('oa', { appid: 'wx1111111111111111', msgMode: 'safe' });
const compat = appConfig('compat', { appid: 'wx1111111111111111', msgMode: 'compatible' });
const mp = appConfig('mp', { appid: 'wx2222222222222222', type: 'mini-program', pushFormat: 'json' });
const WINDOW_S = 300;

let server: CallbackServer;
const routed: Array<{ app: string; message: InboundMessage & { MsgId?: string; Content?: string } }> = [];

beforeAll(async () => {
  const router = () =>
    createRouter<CallbackContext>()
      .onMessage('text', (m, ctx) => {
        routed.push({ app: ctx.app.config.name, message: m });
        return replyText(m, `ok:${m.Content}`);
      })
      .fallback((m, ctx) => void routed.push({ app: ctx.app.config.name, message: m }));
  server = await startCallbackServer({
    apps: [oa, compat, mp],
    callbacks: { oa: router(), compat: router(), mp: router() },
    callback: { maxSkewS: WINDOW_S },
  });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const doors: Array<[string, Door]> = [
  ['inject()', 'inject'],
  ['HTTP (node:http lane)', 'http'],
];

function queryOf(req: InjectOptions): URLSearchParams {
  return new URLSearchParams(String(req.url).split('?')[1]);
}

function withQuery(req: InjectOptions, query: URLSearchParams, payload = req.payload): InjectOptions {
  return { ...req, url: `${String(req.url).split('?')[0]}?${query.toString()}`, payload };
}

async function expectRefused(req: InjectOptions, door: Door): Promise<void> {
  const before = { routed: routed.length, inbox: server.inboxCache.size() };
  const res = await server.send(req, door);
  expect([res.statusCode, res.body]).toEqual([401, 'unauthorized']);
  expect(routed.length).toBe(before.routed);
  expect(server.inboxCache.size()).toBe(before.inbox);
  expect(await server.jobs()).toEqual([]);
}

let msgId = 5_000_000;
const nextId = () => String((msgId += 1));

describe.each(doors)('plaintext downgrade through %s', (_name, door) => {
  it('refuses a plaintext body under the signature of a captured safe-mode push (Official Account)', async () => {
    const captured = safeRequest('/wechat', oa, textXml({ msgId: nextId() }));
    const forged = textXml({ from: 'o-victim', content: 'transfer 9999 to eve', msgId: nextId() });
    // The query exactly as captured (signature, timestamp, nonce, msg_signature, encrypt_type=aes)…
    await expectRefused(withQuery(captured, queryOf(captured), forged), door);
    // …and reduced to what a plaintext push carries.
    const query = queryOf(captured);
    query.delete('msg_signature');
    query.delete('encrypt_type');
    await expectRefused(withQuery(captured, query, forged), door);
  });

  it('refuses the same downgrade on the Mini Program push (JSON)', async () => {
    const captured = safeRequest('/wechat/mp', mp, textJson({ msgId: nextId() }), { format: 'json' });
    const forged = textJson({ from: 'o-victim', content: 'transfer 9999 to eve', msgId: nextId() });
    const query = queryOf(captured);
    query.delete('msg_signature');
    await expectRefused(withQuery(captured, query, forged), door);
  });

  it('still accepts the captured safe-mode push itself, once', async () => {
    const id = nextId();
    const res = await server.send(safeRequest('/wechat', oa, textXml({ content: 'real', msgId: id })), door);
    expect(res.statusCode).toBe(200);
    expect(parseInboundBody(openReply(oa, res.body), 'xml')).toMatchObject({ Content: 'ok:real' });
    expect(routed.filter((r) => r.message.MsgId === id)).toHaveLength(1);
  });
});

describe.each(doors)('compatible mode through %s', (_name, door) => {
  it('requires msg_signature: plaintext fields with a valid signature alone are refused', async () => {
    const captured = safeRequest('/wechat/compat', compat, textXml({ msgId: nextId() }), {
      compatible: true,
    });
    const query = queryOf(captured);
    query.delete('msg_signature');
    await expectRefused(withQuery(captured, query), door);
    query.set('msg_signature', 'f'.repeat(40));
    await expectRefused(withQuery(captured, query), door);
  });

  it('routes the decrypted record, never the plaintext fields beside Encrypt', async () => {
    const id = nextId();
    const req = safeRequest('/wechat/compat', compat, textXml({ content: 'signed', msgId: id }), {
      compatible: true,
    });
    req.payload = String(req.payload)
      .replace('<Content><![CDATA[signed]]>', '<Content><![CDATA[transfer 9999 to eve]]>')
      .replace('<FromUserName><![CDATA[oUser1]]>', '<FromUserName><![CDATA[o-victim]]>');
    const res = await server.send(req, door);
    expect(res.statusCode).toBe(200);
    const seen = routed.filter((r) => r.message.MsgId === id);
    expect(seen.map((r) => [r.message.FromUserName, r.message.Content])).toEqual([['oUser1', 'signed']]);
  });
});

describe.each(doors)('replay through %s', (_name, door) => {
  /** A safe-mode push whose URL carries `timestamp` (seconds), as WeChat signs it. */
  function pushAt(timestamp: number, id: string): InjectOptions {
    const req = safeRequest('/wechat', oa, textXml({ msgId: id, content: 'pay me' }));
    const query = queryOf(req);
    const ts = String(timestamp);
    const nonce = query.get('nonce')!;
    const encrypt = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(String(req.payload))![1]!;
    query.set('timestamp', ts);
    query.set('signature', signCallback(oa.token!, ts, nonce));
    query.set('msg_signature', signCallback(oa.token!, ts, nonce, encrypt));
    return withQuery(req, query);
  }

  it('refuses an unmodified push replayed 7 minutes later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const id = nextId();
    const push = pushAt(Math.floor(start / 1000), id);
    expect((await server.send(push, door)).statusCode).toBe(200);
    vi.setSystemTime(start + 7 * 60_000);
    await expectRefused(push, door);
    expect(routed.filter((r) => r.message.MsgId === id)).toHaveLength(1);
  });

  it('answers a replay the window still admits from the inbox, without running the handler again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const id = nextId();
    // WeChat's clock 4 minutes ahead of ours: the same URL stays inside the window for 9 minutes.
    const push = pushAt(Math.floor(start / 1000) + 240, id);
    const first = await server.send(push, door);
    expect(first.statusCode).toBe(200);
    vi.setSystemTime(start + 8 * 60_000);
    const replay = await server.send(push, door);
    expect(replay.statusCode).toBe(200);
    expect(parseInboundBody(openReply(oa, replay.body), 'xml')).toMatchObject({ Content: 'ok:pay me' });
    expect(routed.filter((r) => r.message.MsgId === id)).toHaveLength(1);
  });
});
