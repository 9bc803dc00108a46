import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type CallbackMode } from '../../callback/index.js';
import type { AppConfig } from '../../config/config.types.js';
import { createMsgCipher, signCallback } from '../../kernel/crypto/index.js';
import {
  appConfig,
  startCallbackServer,
  type CallbackServer,
  type Door,
} from '../../../test/helpers/callback-kit.js';
import type { CallbackContext } from './wechat/callback-context.js';

// A seeded fuzz of the callback front door: configured mode × query parameters × body shape ×
// tampering. Nothing without a valid proof for the app's configured mode may be routed, stored or
// queued; a proven, well-formed push is routed as signed; every refusal is the same bytes.
const SEED = 0x5eed12;
const CASES = 20_000;
const LANE_CASES = 1_500;
const WINDOW_S = 300;
const OTHER_APPID = 'wx9999999999999999';

const MODES: readonly CallbackMode[] = ['plain', 'compatible', 'safe'];
const apps: AppConfig[] = MODES.flatMap((mode, i) => [
  appConfig(`oa${mode}`, { appid: `wx11111111111111${i}1`, msgMode: mode }),
  appConfig(`mp${mode}`, {
    appid: `wx22222222222222${i}2`,
    msgMode: mode,
    type: 'mini-program',
    pushFormat: 'json',
  }),
]);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIMESTAMPS = [
  'now',
  'past-in-window',
  'future-in-window',
  'stale',
  'far-future',
  'letters',
  'absent',
  'repeated',
] as const;
const NONCES = ['valid', 'absent', 'repeated'] as const;
const SIGNATURES = ['valid', 'upper-case', 'wrong', 'absent', 'repeated', 'other-token'] as const;
const MSG_SIGNATURES = [
  'valid',
  'upper-case',
  'wrong',
  'absent',
  'repeated',
  'over-other-encrypt',
  'without-encrypt',
] as const;
const ENCRYPT_TYPES = ['aes', 'absent', 'raw'] as const;
const SHAPES = [
  'message',
  'envelope',
  'compatible',
  'empty',
  'garbage',
  'doctype',
  'two-encrypts',
  'other-format',
] as const;
const TAMPERS = ['none', 'flip-byte', 'other-appid', 'truncate', 'swap-encrypt', 'plaintext-fields'] as const;

interface Case {
  app: AppConfig;
  msgId: string;
  timestamp: (typeof TIMESTAMPS)[number];
  nonce: (typeof NONCES)[number];
  signature: (typeof SIGNATURES)[number];
  msgSignature: (typeof MSG_SIGNATURES)[number];
  encryptType: (typeof ENCRYPT_TYPES)[number];
  shape: (typeof SHAPES)[number];
  tamper: (typeof TAMPERS)[number];
}

/**
 * `route`: a valid proof for the app's configured mode over a well-formed text message; `untyped`: a
 * plaintext-mode proof over a body that is a record but no known message (routed untyped, as WeChat's
 * future types are); `refuse`: everything else.
 */
type Verdict = 'route' | 'untyped' | 'refuse';

interface Built {
  request: InjectOptions;
  verdict: Verdict;
}

function message(app: AppConfig, msgId: string, content: string, json: boolean): string {
  if (json) {
    return `{"ToUserName":"gh_x","FromUserName":"oFuzz","CreateTime":1700000000,"MsgType":"text","Content":"${content}","MsgId":${msgId}}`;
  }
  return (
    `<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oFuzz]]></FromUserName>` +
    `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  );
}

function tamperEncrypt(c: Case, encrypt: string, json: boolean): string {
  const bytes = Buffer.from(encrypt, 'base64');
  switch (c.tamper) {
    case 'flip-byte':
      bytes[bytes.length - 17] = bytes[bytes.length - 17]! ^ 0x01;
      return bytes.toString('base64');
    case 'other-appid':
      return createMsgCipher({ aesKey: c.app.aesKey!, appid: OTHER_APPID }).encrypt(
        message(c.app, c.msgId, 'x', json),
      );
    case 'truncate':
      return encrypt.slice(0, -6);
    case 'swap-encrypt':
      return createMsgCipher({ aesKey: c.app.aesKey!, appid: c.app.appid }).encrypt(
        message(c.app, c.msgId, 'swapped', json),
      );
    default:
      return encrypt;
  }
}

function body(c: Case, plain: string, encrypt: string, json: boolean): string {
  const jsonEnvelope = (fields: string) => `{${fields}"Encrypt":"${encrypt}"}`;
  const xmlEnvelope = (inner: string) => `<xml>${inner}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const tampered = c.tamper === 'plaintext-fields' ? plain.replace('signed', 'forged') : plain;
  switch (c.shape) {
    case 'message':
      return tampered;
    case 'envelope':
      return json
        ? jsonEnvelope('"ToUserName":"gh_x",')
        : xmlEnvelope('<ToUserName><![CDATA[gh_x]]></ToUserName>');
    case 'compatible':
      return json
        ? tampered.replace(/}$/, `,"Encrypt":"${encrypt}"}`)
        : tampered.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    case 'empty':
      return '';
    case 'garbage':
      return json ? '{"MsgType":' : '<xml><MsgType>text</xml>';
    case 'doctype':
      return `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${xmlEnvelope('')}`;
    case 'two-encrypts':
      return json
        ? jsonEnvelope(`"Encrypt":"${encrypt}",`)
        : xmlEnvelope(`<Encrypt><![CDATA[${encrypt}]]></Encrypt>`);
    case 'other-format':
      return json ? `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` : jsonEnvelope('');
  }
}

function timestampOf(c: Case, nowS: number): string | string[] | undefined {
  const table = {
    now: String(nowS),
    'past-in-window': String(nowS - WINDOW_S + 30),
    'future-in-window': String(nowS + WINDOW_S - 30),
    stale: String(nowS - WINDOW_S - 60),
    'far-future': String(nowS + WINDOW_S + 60),
    letters: 'yesterday',
    absent: undefined,
    repeated: [String(nowS), String(nowS)],
  } as const;
  return table[c.timestamp] as string | string[] | undefined;
}

function param(value: string, state: string, wrong: string): string | string[] | undefined {
  if (state === 'absent') return undefined;
  if (state === 'repeated') return [value, value];
  if (state === 'wrong') return wrong;
  if (state === 'upper-case') return value.toUpperCase();
  return value;
}

function build(c: Case, nowS: number): Built {
  const json = c.app.type === 'mini-program';
  const plain = message(c.app, c.msgId, 'signed', json);
  const cipher = createMsgCipher({ aesKey: c.app.aesKey!, appid: c.app.appid });
  const signed = cipher.encrypt(plain);
  const encrypt = tamperEncrypt(c, signed, json);
  const ts = timestampOf(c, nowS);
  const tsText = typeof ts === 'string' ? ts : String(nowS);
  const nonce = '4242';
  const token = c.app.token!;
  const sigToken = c.signature === 'other-token' ? 'anotherToken1' : token;
  const sigOver =
    c.msgSignature === 'over-other-encrypt'
      ? cipher.encrypt(plain)
      : c.msgSignature === 'without-encrypt'
        ? undefined
        : signed;
  const query: Record<string, string | string[] | undefined> = {
    signature: param(signCallback(sigToken, tsText, nonce), c.signature, 'a'.repeat(40)),
    timestamp: ts,
    nonce: param(nonce, c.nonce, ''),
    msg_signature: param(signCallback(token, tsText, nonce, sigOver), c.msgSignature, 'b'.repeat(40)),
    encrypt_type: c.encryptType === 'absent' ? undefined : c.encryptType,
  };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of value === undefined ? [] : [value].flat()) search.append(name, v);
  }
  const request: InjectOptions = {
    method: 'POST',
    url: `/wechat/${c.app.name}?${search.toString()}`,
    headers: { 'content-type': json ? 'application/json' : 'text/xml' },
    payload: body(c, plain, encrypt, json),
  };
  return { request, verdict: verdictOf(c) };
}

/** Computed from the case alone, independently of the server's code. */
function verdictOf(c: Case): Verdict {
  const timed = ['now', 'past-in-window', 'future-in-window'].includes(c.timestamp) && c.nonce === 'valid';
  if (!timed) return 'refuse';
  if (c.app.msgMode === 'plain') {
    if (!['valid', 'upper-case'].includes(c.signature)) return 'refuse';
    if (['message', 'compatible'].includes(c.shape)) return 'route';
    const records =
      c.app.type === 'mini-program'
        ? ['envelope', 'two-encrypts', 'other-format']
        : ['envelope', 'two-encrypts'];
    return records.includes(c.shape) ? 'untyped' : 'refuse';
  }
  // A JSON envelope naming Encrypt twice (both the signed value) reads as that value: still proven.
  // XML keeps both as a repeated field, which is not an Encrypt at all.
  const envelopes =
    c.app.type === 'mini-program' ? ['envelope', 'compatible', 'two-encrypts'] : ['envelope', 'compatible'];
  const proven = ['valid', 'upper-case'].includes(c.msgSignature) && envelopes.includes(c.shape);
  return proven && ['none', 'plaintext-fields'].includes(c.tamper) ? 'route' : 'refuse';
}

/**
 * What the handler must see: in safe and compatible mode the decrypted, signed content, whatever the
 * plaintext beside it says; plaintext mode authenticates no body byte, so there the body is the message.
 */
function routedContent(c: Case): string {
  return c.app.msgMode === 'plain' && c.tamper === 'plaintext-fields' ? 'forged' : 'signed';
}

function cases(count: number, random: () => number, firstMsgId: number): Case[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => ({
    app: pick(apps),
    msgId: String(firstMsgId + i),
    timestamp: pick(TIMESTAMPS),
    nonce: pick(NONCES),
    signature: pick(SIGNATURES),
    msgSignature: pick(MSG_SIGNATURES),
    encryptType: pick(ENCRYPT_TYPES),
    shape: pick(SHAPES),
    tamper: pick(TAMPERS),
  }));
}

let server: CallbackServer;
const routed = new Map<string, { app: string; content: string; count: number }>();

beforeAll(async () => {
  const router = () =>
    createRouter<CallbackContext>().fallback((m, ctx) => {
      const { MsgId, Content } = m as unknown as { MsgId?: string; Content?: string };
      const key = `${ctx.app.config.name}:${MsgId ?? 'untyped'}`;
      const seen = routed.get(key);
      routed.set(key, { app: ctx.app.config.name, content: Content ?? '', count: (seen?.count ?? 0) + 1 });
      return 'success';
    });
  server = await startCallbackServer({
    apps,
    callbacks: Object.fromEntries(apps.map((a) => [a.name, router()])),
    callback: { maxSkewS: WINDOW_S },
  });
});
afterAll(async () => {
  await server?.close();
});

async function run(list: Case[], door: Door): Promise<{ routable: number; refusals: Set<string> }> {
  const refusals = new Set<string>();
  let expected = 0;
  for (const c of list) {
    const { request, verdict } = build(c, Math.floor(Date.now() / 1000));
    const res = await server.send(request, door);
    const got = routed.get(`${c.app.name}:${c.msgId}`);
    if (verdict === 'untyped') {
      expect({ c, status: res.statusCode, got }).toEqual({ c, status: 200, got: undefined });
      expect(routed.has(`${c.app.name}:untyped`)).toBe(true);
    } else if (verdict === 'route') {
      expected += 1;
      expect({ c, status: res.statusCode, got }).toEqual({
        c,
        status: 200,
        got: { app: c.app.name, content: routedContent(c), count: 1 },
      });
    } else {
      expect({ c, got }).toEqual({ c, got: undefined });
      refusals.add(JSON.stringify([res.statusCode, res.headers['content-type'], res.body]));
    }
  }
  return { routable: expected, refusals };
}

const REFUSAL = JSON.stringify([401, 'text/plain; charset=utf-8', 'unauthorized']);

describe('callback front door fuzz', () => {
  it(
    `routes only proven pushes across ${CASES} seeded combinations (inject)`,
    { timeout: 300_000 },
    async () => {
      const list = cases(CASES, mulberry32(SEED), 1_000_000);
      // Every value of every dimension occurs, in every configured mode.
      for (const mode of MODES)
        expect(list.filter((c) => c.app.msgMode === mode).length).toBeGreaterThan(CASES / 4);
      for (const [key, values] of Object.entries({
        timestamp: TIMESTAMPS,
        nonce: NONCES,
        signature: SIGNATURES,
        msgSignature: MSG_SIGNATURES,
        encryptType: ENCRYPT_TYPES,
        shape: SHAPES,
        tamper: TAMPERS,
      })) {
        expect(new Set(list.map((c) => c[key as keyof Case]))).toEqual(new Set(values));
      }
      const { routable, refusals } = await run(list, 'inject');
      expect(routable).toBeGreaterThan(100);
      expect([...refusals]).toEqual([REFUSAL]);
      // Only the routed pushes left anything behind: their inbox entries; no job was queued.
      expect(server.inboxCache.size()).toBe(routed.size);
      expect([...routed.keys()].filter((k) => !k.endsWith(':untyped')).length).toBe(routable);
      expect(await server.jobs()).toEqual([]);
    },
  );

  it(
    `gives the same verdicts over HTTP through the node:http lane (${LANE_CASES} combinations)`,
    { timeout: 120_000 },
    async () => {
      const typed = () => [...routed.keys()].filter((k) => !k.endsWith(':untyped')).length;
      const before = typed();
      const list = cases(LANE_CASES, mulberry32(SEED + 1), 5_000_000);
      const { routable, refusals } = await run(list, 'http');
      expect(routable).toBeGreaterThan(5);
      expect([...refusals]).toEqual([REFUSAL]);
      expect(typed() - before).toBe(routable);
      expect(await server.jobs()).toEqual([]);
    },
  );
});
