import { createCipheriv } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../callback/index.js';
import { signCallback } from '../../kernel/crypto/index.js';
import {
  appConfig,
  plainRequest,
  safeRequest,
  startCallbackServer,
  textXml,
  type CallbackServer,
  type Door,
} from '../../../test/helpers/callback-kit.js';
import type { CallbackContext } from './wechat/callback-context.js';

const oa = appConfig('oa', { appid: 'wx1111111111111111' });
/** An Official Account configured for plaintext pushes (WeChat console: 明文模式). */
const plain = appConfig('plain', { appid: 'wx2222222222222222', msgMode: 'plain' });
const MAX_BYTES = 4096;
let server: CallbackServer;
let calls = 0;

beforeAll(async () => {
  const router = createRouter<CallbackContext>().fallback(() => {
    calls += 1;
    return 'success';
  });
  server = await startCallbackServer({
    apps: [oa, plain],
    callbacks: { oa: router, plain: router },
    callback: { maxSkewS: 300, maxBodyBytes: MAX_BYTES },
  });
});
afterAll(async () => {
  await server?.close();
});

const XXE =
  '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  textXml({ content: '&xxe;' }).replace('<![CDATA[&xxe;]]>', '&xxe;');
const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>';

/** One 32-byte block whose last byte is not valid PKCS#7 (0). */
function badPaddingEncrypt(): string {
  const key = Buffer.from(`${oa.aesKey!}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const block = Buffer.alloc(32, 7);
  block[31] = 0;
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64');
}

function validEncrypt(): string {
  const req = safeRequest('/wechat', oa, textXml());
  return /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(String(req.payload))![1]!;
}

function withoutParam(req: InjectOptions, name: string): InjectOptions {
  return { ...req, url: String(req.url).replace(new RegExp(`([?&])${name}=[^&]*&?`), '$1') };
}

function staleRequest(): InjectOptions {
  const timestamp = String(Math.floor(Date.now() / 1000) - 1000);
  const signature = signCallback(oa.token!, timestamp, '5');
  return {
    method: 'POST',
    url: `/wechat/plain?signature=${signature}&timestamp=${timestamp}&nonce=5`,
    headers: { 'content-type': 'text/xml' },
    payload: textXml(),
  };
}

const REFUSED: [number, string] = [401, 'unauthorized'];

// Every refusal once the app is known answers alike (no padding or appid oracle); only the size limit,
// checked before anything is read, has its own answer.
const cases: Array<[string, () => InjectOptions, number, string]> = [
  ['a DOCTYPE with an external entity (XXE)', () => plainRequest('/wechat/plain', plain, XXE), ...REFUSED],
  ['nested entities (billion laughs)', () => plainRequest('/wechat/plain', plain, LAUGHS), ...REFUSED],
  ['XXE inside the encrypted message', () => safeRequest('/wechat', oa, XXE), ...REFUSED],
  [
    'a body over the limit',
    () => plainRequest('/wechat/plain', plain, textXml({ content: 'x'.repeat(MAX_BYTES) })),
    413,
    'body too large',
  ],
  [
    'truncated base64 in Encrypt',
    () => safeRequest('/wechat', oa, '', { encrypt: validEncrypt().slice(0, -3) }),
    ...REFUSED,
  ],
  ['bad PKCS#7 padding', () => safeRequest('/wechat', oa, '', { encrypt: badPaddingEncrypt() }), ...REFUSED],
  [
    'a message encrypted for another appid',
    () => safeRequest('/wechat', oa, textXml(), { cipherAppid: 'wx9999999999999999' }),
    ...REFUSED,
  ],
  ['a body that is not XML', () => plainRequest('/wechat/plain', plain, 'hello, not xml'), ...REFUSED],
  [
    'JSON sent to an Official Account',
    () => plainRequest('/wechat/plain', plain, '{"MsgType":"text"}', 'application/json'),
    ...REFUSED,
  ],
  ['an empty body', () => plainRequest('/wechat/plain', plain, ''), ...REFUSED],
  [
    'a wrong signature',
    () => ({
      ...plainRequest('/wechat/plain', plain, textXml()),
      url: `/wechat/plain?signature=${'a'.repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1`,
    }),
    ...REFUSED,
  ],
  [
    'a missing signature',
    () => withoutParam(plainRequest('/wechat/plain', plain, textXml()), 'signature'),
    ...REFUSED,
  ],
  [
    'safe mode without msg_signature',
    () => withoutParam(safeRequest('/wechat', oa, textXml()), 'msg_signature'),
    ...REFUSED,
  ],
  ['a stale timestamp with the skew window on', staleRequest, ...REFUSED],
  ['a plaintext push to a safe-mode app', () => plainRequest('/wechat', oa, textXml()), ...REFUSED],
];

describe.each<[string, Door]>([
  ['through inject()', 'inject'],
  ['over HTTP (the node:http lane)', 'http'],
])('POST /wechat refuses bad input with no side effects %s', (_door, door) => {
  it.each(cases)('refuses %s', async (_name, build, status, body) => {
    const logsBefore = server.logs().split('callback rejected').length;
    const res = await server.send(build(), door);
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls).toBe(0);
    expect(server.inboxCache.size()).toBe(0);
    expect(await server.jobs()).toEqual([]);
    expect(server.logs().split('callback rejected').length).toBe(logsBefore + 1);
    expect(server.logs()).not.toContain(oa.token!);
    expect(server.logs()).not.toContain(plain.token!);
  });
});

describe('metrics of refused callbacks', () => {
  it('counts every refusal under one reason, whatever check failed, from both doors', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(
      /wegate_callbacks_total\{app="oa",mode="safe",outcome="rejected",reason="refused"\} 12/,
    );
    expect(res.body).toMatch(
      /wegate_callbacks_total\{app="plain",mode="plain",outcome="rejected",reason="refused"\} 16/,
    );
    expect(res.body).not.toMatch(
      /reason="(appid-mismatch|decrypt-failed|malformed-body|signature-mismatch)"/,
    );
    expect(res.body).toMatch(
      /wegate_callbacks_total\{app="plain",mode="unknown",outcome="rejected",reason="body-too-large"\} 2/,
    );
    expect(res.body).toMatch(
      /wegate_http_request_duration_seconds_count\{method="POST",route="\/wechat\/:app",status="413"\} 2/,
    );
  });
});
