import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, parseInboundBody, replyText, type InboundMessage } from '../../callback/index.js';
import { signCallback } from '../../kernel/crypto/index.js';
import {
  appConfig,
  openReply,
  plainRequest,
  safeRequest,
  startCallbackServer,
  textJson,
  textXml,
  type CallbackServer,
} from '../../../test/helpers/callback-kit.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import type { CallbackContext } from './wechat/callback-context.js';

interface MsgVector extends VectorEntry {
  id: string;
  source: string;
  token: string;
  encodingAESKey: string;
  appid: string;
  timestamp: string;
  nonce: string;
  msg_signature?: string;
  encrypt?: string;
  msg?: string;
  signature?: string;
  echostr?: string;
  negative?: { signature: string };
}

const oa = appConfig('oa', { appid: 'wx1111111111111111' });
const mp = appConfig('mp', { appid: 'wx2222222222222222', type: 'mini-program', pushFormat: 'json' });
// The same accounts configured for plaintext and compatible mode (the mode set in the WeChat console).
const oaPlain = appConfig('oaplain', { appid: 'wx1111111111111111', msgMode: 'plain' });
const oaCompat = appConfig('oacompat', { appid: 'wx1111111111111111', msgMode: 'compatible' });
const mpPlain = appConfig('mpplain', { ...mp, name: 'mpplain', msgMode: 'plain' });
const msgVectors = loadVectors<MsgVector>('msgcrypt').filter(
  (v) => v.encrypt && v.msg_signature && v.msg?.startsWith('<xml>'),
);
const sigVectors = loadVectors<MsgVector>('signature').filter((v) => v.token && v.timestamp && v.nonce);
const vectorApps = [...msgVectors, ...sigVectors].map((v, i) =>
  appConfig(`v${i}`, {
    appid: v.appid ?? 'wx3333333333333333',
    token: v.token,
    ...(v.encodingAESKey ? { aesKey: v.encodingAESKey, msgMode: 'safe' } : { msgMode: 'plain' }),
  }),
);

let server: CallbackServer;
const seen: Array<{ app: string; message: InboundMessage }> = [];

beforeAll(async () => {
  const router = () =>
    createRouter<CallbackContext>()
      .onMessage('text', (m, ctx) => {
        seen.push({ app: ctx.app.config.name, message: m });
        return replyText(m, `echo:${m.Content}`, 1700000001);
      })
      .fallback((m, ctx) => void seen.push({ app: ctx.app.config.name, message: m }));
  const apps = [oa, mp, oaPlain, oaCompat, mpPlain, ...vectorApps];
  server = await startCallbackServer({
    apps,
    callbacks: Object.fromEntries(apps.map((a) => [a.name, router()])),
  });
});
afterAll(async () => {
  await server?.close();
});

describe('GET /wechat handshake', () => {
  it('echoes echostr as text when the signature verifies', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signCallback(oa.token!, timestamp, '42');
    const res = await server.app.inject({
      method: 'GET',
      url: `/wechat?signature=${signature}&timestamp=${timestamp}&nonce=42&echostr=abc123`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    // echostr is not signed: a captured handshake URL must not turn the echo into a page.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe('abc123');
  });

  it('refuses a wrong signature with 401 and no echo', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/wechat/oa?signature=${'0'.repeat(40)}&timestamp=1&nonce=42&echostr=abc123`,
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('unauthorized');
  });

  it('answers 404 for an app that is not configured', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/wechat/nope?echostr=x' });
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /wechat in every mode', () => {
  it('routes a plaintext XML message and answers the passive reply in XML', async () => {
    const res = await server.app.inject(
      plainRequest('/wechat/oaplain', oaPlain, textXml({ content: 'plain', msgId: '1' })),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('xml');
    const reply = parseInboundBody(res.body, 'xml');
    expect(reply).toMatchObject({ ToUserName: 'oUser1', FromUserName: 'gh_account', Content: 'echo:plain' });
  });

  it('decrypts a safe-mode message and answers encrypted and signed', async () => {
    const res = await server.app.inject(
      safeRequest('/wechat/oa', oa, textXml({ content: 'safe', msgId: '2' })),
    );
    expect(res.statusCode).toBe(200);
    const inner = parseInboundBody(openReply(oa, res.body), 'xml');
    expect(inner).toMatchObject({ MsgType: 'text', Content: 'echo:safe', ToUserName: 'oUser1' });
  });

  it('uses the decrypted record in compatible mode and answers in plaintext', async () => {
    const forged = textXml({ content: 'compat', msgId: '3' });
    const req = safeRequest('/wechat/oacompat', oaCompat, forged, { compatible: true });
    // The plaintext next to Encrypt is not signed: tamper with it; the decrypted copy must win.
    req.payload = String(req.payload).replace('<Content><![CDATA[compat]]>', '<Content><![CDATA[forged]]>');
    const res = await server.app.inject(req);
    expect(res.statusCode).toBe(200);
    expect(parseInboundBody(res.body, 'xml')).toMatchObject({ Content: 'echo:compat' });
  });

  it('handles a Mini Program JSON push in plaintext and in safe mode, answering JSON', async () => {
    const plain = await server.app.inject(
      plainRequest(
        '/wechat/mpplain',
        mpPlain,
        textJson({ content: 'jp', msgId: '18446744073709551615' }),
        'application/json',
      ),
    );
    expect(plain.statusCode).toBe(200);
    expect(JSON.parse(plain.body)).toMatchObject({
      MsgType: 'text',
      Content: 'echo:jp',
      ToUserName: 'oUser1',
    });
    expect(seen.at(-1)?.message).toMatchObject({ MsgId: '18446744073709551615' });
    const safe = await server.app.inject(
      safeRequest('/wechat/mp', mp, textJson({ content: 'js', msgId: '5' }), { format: 'json' }),
    );
    expect(safe.statusCode).toBe(200);
    expect(safe.headers['content-type']).toContain('json');
    expect(JSON.parse(openReply(mp, safe.body, 'json'))).toMatchObject({
      Content: 'echo:js',
      CreateTime: 1700000001,
    });
  });

  it('answers success for an app outside sandbox that has no router', async () => {
    const bare = await startCallbackServer({ apps: [oa] });
    try {
      const res = await bare.app.inject(safeRequest('/wechat', oa, textXml()));
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('success');
    } finally {
      await bare.close();
    }
  });

  it('answers with the sandbox router in sandbox mode when none is given', async () => {
    const sandbox = await startCallbackServer({ apps: [oa], sandbox: true });
    try {
      const res = await sandbox.app.inject(safeRequest('/wechat', oa, textXml({ content: 'ping me' })));
      expect(parseInboundBody(openReply(oa, res.body), 'xml')).toMatchObject({ Content: 'ping me' });
    } finally {
      await sandbox.close();
    }
  });
});

describe('published vectors through the HTTP route', () => {
  it.each(msgVectors.map((v) => [v.id, v] as const))(
    'msgcrypt %s: decrypts and routes the message',
    async (_id, v) => {
      const app = vectorApps[msgVectors.indexOf(v)]!;
      const query = new URLSearchParams({
        timestamp: v.timestamp,
        nonce: v.nonce,
        msg_signature: v.msg_signature!,
      });
      const res = await server.app.inject({
        method: 'POST',
        url: `/wechat/${app.name}?${query.toString()}&encrypt_type=aes`,
        headers: { 'content-type': 'text/xml' },
        payload: `<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[${v.encrypt}]]></Encrypt></xml>`,
      });
      if (!/<MsgId>|<Event>/.test(v.msg!)) {
        // This vector's plaintext is a passive reply, not a push: it verifies and decrypts, then the
        // typed parser refuses it with the one refusal every push gets, and nothing is routed.
        expect(res.statusCode).toBe(401);
        expect(res.body).toBe('unauthorized');
        return;
      }
      expect(res.statusCode).toBe(200);
      const expected = parseInboundBody(v.msg!, 'xml');
      const routed = seen.filter((s) => s.app === app.name).at(-1)?.message as unknown as Record<
        string,
        unknown
      >;
      expect(routed).toMatchObject({ FromUserName: expected.FromUserName, CreateTime: expected.CreateTime });
    },
  );

  it.each(msgVectors.map((v) => [v.id, v] as const))(
    'msgcrypt %s: a flipped msg_signature is refused',
    async (_id, v) => {
      const app = vectorApps[msgVectors.indexOf(v)]!;
      const before = seen.length;
      const bad = v.msg_signature!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      const res = await server.app.inject({
        method: 'POST',
        url: `/wechat/${app.name}?timestamp=${v.timestamp}&nonce=${v.nonce}&msg_signature=${bad}&encrypt_type=aes`,
        headers: { 'content-type': 'text/xml' },
        payload: `<xml><Encrypt><![CDATA[${v.encrypt}]]></Encrypt></xml>`,
      });
      expect(res.statusCode).toBe(401);
      expect(seen.length).toBe(before);
    },
  );

  it.each(sigVectors.map((v) => [v.id, v] as const))(
    'signature %s: accepted through the route',
    async (_id, v) => {
      const app = vectorApps[msgVectors.length + sigVectors.indexOf(v)]!;
      const query = `signature=${v.signature}&timestamp=${v.timestamp}&nonce=${v.nonce}`;
      if (v.echostr !== undefined) {
        const res = await server.app.inject({
          method: 'GET',
          url: `/wechat/${app.name}?${query}&echostr=${v.echostr}`,
        });
        expect(res.statusCode).toBe(200);
        expect(res.body).toBe(v.echostr);
      }
      const res = await server.app.inject({
        method: 'POST',
        url: `/wechat/${app.name}?${query}`,
        headers: { 'content-type': 'text/xml' },
        payload: textXml({ msgId: `77${sigVectors.indexOf(v)}`, content: v.id }),
      });
      expect(res.statusCode).toBe(200);
      expect(parseInboundBody(res.body, 'xml')).toMatchObject({ Content: `echo:${v.id}` });
      if (v.negative) {
        const neg = await server.app.inject({
          method: 'POST',
          url: `/wechat/${app.name}?signature=${v.negative.signature}&timestamp=${v.timestamp}&nonce=${v.nonce}`,
          headers: { 'content-type': 'text/xml' },
          payload: textXml({ msgId: '7799' }),
        });
        expect(neg.statusCode).toBe(401);
      }
    },
  );
});
