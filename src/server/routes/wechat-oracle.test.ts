import { createDecipheriv } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../callback/index.js';
import { decodeEncodingAesKey } from '../../kernel/crypto/index.js';
import {
  appConfig,
  safeRequest,
  startCallbackServer,
  textXml,
  type CallbackServer,
  type Door,
} from '../../../test/helpers/callback-kit.js';
import type { CallbackContext } from './wechat/callback-context.js';

// The CBC padding-oracle attack: flip ciphertext bytes of one captured push and watch whether the
// answer tells good padding from bad. Whatever a flipped Encrypt decrypts to, the answer must be the same.
const safe = appConfig('safe', { appid: 'wx1111111111111111', msgMode: 'safe' });
const compat = appConfig('compat', { appid: 'wx1111111111111111', msgMode: 'compatible' });
let server: CallbackServer;
let calls = 0;

beforeAll(async () => {
  const router = () => createRouter<CallbackContext>().fallback(() => void (calls += 1));
  server = await startCallbackServer({
    apps: [safe, compat],
    callbacks: { safe: router(), compat: router() },
    callback: { maxSkewS: 300 },
  });
});
afterAll(async () => {
  await server?.close();
});

const ENCRYPT = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/;

/** Whether WeChat's PKCS#7 (32-byte blocks) padding of `encrypt` is valid under the app's key. */
function paddingIsValid(aesKey: string, encrypt: string): boolean {
  const key = decodeEncodingAesKey(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32) return false;
  return plain.subarray(plain.length - pad).every((b) => b === pad);
}

interface Flip {
  readonly request: InjectOptions;
  readonly validPadding: boolean;
}

/** The captured push with byte `at` of its ciphertext XORed with `mask`, everything else unchanged. */
function flipped(captured: InjectOptions, aesKey: string, at: number, mask: number): Flip {
  const payload = String(captured.payload);
  const original = ENCRYPT.exec(payload)![1]!;
  const bytes = Buffer.from(original, 'base64');
  bytes[at] = bytes[at]! ^ mask;
  const encrypt = bytes.toString('base64');
  return {
    request: { ...captured, payload: payload.replace(original, encrypt) },
    validPadding: paddingIsValid(aesKey, encrypt),
  };
}

/** Every byte of the last two blocks with eight masks (the attack's working area) and a spread elsewhere. */
function flipsOf(app: typeof safe, compatible: boolean): Flip[] {
  const captured = safeRequest(`/wechat/${app.name}`, app, textXml({ content: 'my card PIN is 4242' }), {
    compatible,
  });
  const length = Buffer.from(ENCRYPT.exec(String(captured.payload))![1]!, 'base64').length;
  const flips: Flip[] = [];
  for (let at = length - 32; at < length; at += 1) {
    for (const mask of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]) {
      flips.push(flipped(captured, app.aesKey!, at, mask));
    }
  }
  for (let at = 0; at < length - 32; at += 7) flips.push(flipped(captured, app.aesKey!, at, 0x5a));
  return flips;
}

describe.each<[string, Door]>([
  ['inject()', 'inject'],
  ['HTTP (node:http lane)', 'http'],
])('flipped ciphertext of a captured push through %s', (_name, door) => {
  it.each([
    ['safe', safe, false],
    ['compatible', compat, true],
  ] as const)('answers the same in %s mode whatever the padding', async (_mode, app, compatible) => {
    const flips = flipsOf(app, compatible);
    // The attack needs both outcomes among the flips; the test is only meaningful if both occur.
    expect(flips.some((f) => f.validPadding)).toBe(true);
    expect(flips.some((f) => !f.validPadding)).toBe(true);
    const answers = new Set<string>();
    for (const flip of flips) {
      const res = await server.send(flip.request, door);
      answers.add(JSON.stringify([res.statusCode, res.headers['content-type'], res.body]));
    }
    expect([...answers]).toEqual([JSON.stringify([401, 'text/plain; charset=utf-8', 'unauthorized'])]);
    expect(calls).toBe(0);
    expect(server.inboxCache.size()).toBe(0);
  });
});
