import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { ConfigError, DecryptError, MsgCryptErrcode } from '../errors/wechat-error.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { createMsgCipher, decodeEncodingAesKey } from './msg-cipher.js';

interface MsgCryptVector extends VectorEntry {
  encodingAESKey: string;
  appid: string;
  encrypt: string;
  msg: string;
  random16?: string;
  decrypted_random_prefix_hex: string;
}

// Every entry decrypts the same way; the WeCom ones (wechatpy-work-*, powerwechat-wecom-*) use the
// CorpID as receive id, and the WeCom echostr entry is just a decrypt whose message is the echostr.
const vectors = loadVectors<MsgCryptVector>('msgcrypt');
const withRandom = vectors.filter((v) => v.random16 !== undefined);
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** Encrypts an arbitrary plaintext block with the raw cipher, to build malformed messages. */
function encryptRaw(block: Buffer): string {
  const key = decodeEncodingAesKey(AES_KEY);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64');
}

function layout(msgLength: number, body: string, padValue: number, total = 64): Buffer {
  const block = Buffer.alloc(total, padValue);
  block.write('0123456789abcdef', 0, 'latin1');
  block.writeUInt32BE(msgLength, 16);
  block.write(body, 20, 'utf8');
  return block;
}

/** What `fn` threw; undefined when it returned. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createMsgCipher: published vectors', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('decrypts %s to the recorded message', (_id, v) => {
    const cipher = createMsgCipher({ aesKey: v.encodingAESKey, appid: v.appid });
    expect(cipher.decrypt(v.encrypt)).toEqual({ message: v.msg, appid: v.appid });
  });

  it.each(withRandom.map((v) => [v.id, v] as const))(
    'encrypts %s byte-for-byte with the fixed random prefix',
    (_id, v) => {
      const cipher = createMsgCipher({ aesKey: v.encodingAESKey, appid: v.appid });
      expect(cipher.encrypt(v.msg, Buffer.from(v.random16!, 'latin1'))).toBe(v.encrypt);
      expect(Buffer.from(v.random16!, 'latin1').toString('hex')).toBe(v.decrypted_random_prefix_hex);
    },
  );

  it('rejects a vector decrypted under another appid with DecryptError', () => {
    const v = vectors[0]!;
    const cipher = createMsgCipher({ aesKey: v.encodingAESKey, appid: 'wx0000000000000000' });
    expect(() => cipher.decrypt(v.encrypt)).toThrow(DecryptError);
    expect(() => cipher.decrypt(v.encrypt)).toThrow(/appid/);
  });
});

describe('createMsgCipher: round trips', () => {
  const cipher = createMsgCipher({ aesKey: AES_KEY, appid: 'wx2c2769f8efd9abc2' });

  it('round-trips unicode, emoji and lengths around the 32-byte block boundary', () => {
    const samples = ['', '你好，世界 👋🏽', '<xml><Content><![CDATA[]]]]><![CDATA[>]]></Content></xml>'];
    for (let n = 0; n <= 70; n++) samples.push('x'.repeat(n));
    for (const msg of samples) expect(cipher.decrypt(cipher.encrypt(msg)).message).toBe(msg);
  });

  it('uses a fresh random prefix per message', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('never repeats a random prefix across pooled refills', () => {
    const key = decodeEncodingAesKey(AES_KEY);
    const prefixes = new Set<string>();
    // 1000 replies span several refills of the 4 KiB random pool.
    for (let i = 0; i < 1000; i++) {
      const data = Buffer.from(cipher.encrypt('same'), 'base64');
      const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
      prefixes.add(
        Buffer.concat([d.update(data), d.final()])
          .subarray(0, 16)
          .toString('hex'),
      );
    }
    expect(prefixes.size).toBe(1000);
  });

  it('refuses base64 with padding inside, three pad characters, URL-safe letters, blanks or foreign characters', () => {
    const good = cipher.encrypt('hello');
    const bad = [
      `${good.slice(0, 4)}=${good.slice(5)}`,
      `${good.slice(0, -4)}A===`,
      `${good}====`,
      `${good.slice(0, 8)}-${good.slice(9)}`,
      `${good.slice(0, 8)}_${good.slice(9)}`,
      `${good.slice(0, 8)} ${good.slice(9)}`,
      `${good.slice(0, 8)}\n${good.slice(9)}`,
      `${good.slice(0, 8)}é${good.slice(9)}`,
      `${good.slice(0, 8)}!${good.slice(9)}`,
    ];
    for (const input of bad) {
      expect(() => cipher.decrypt(input), JSON.stringify(input)).toThrow(
        expect.objectContaining({ errcode: MsgCryptErrcode.DecodeBase64 }),
      );
    }
  });

  it('pads a block-aligned plaintext with a full 32-byte block', () => {
    // 16 random + 4 length + 10 msg + 18 appid = 48 bytes → 16 pad → 64; 26 msg bytes → 64 + 32.
    expect(Buffer.from(cipher.encrypt('x'.repeat(10)), 'base64')).toHaveLength(64);
    expect(Buffer.from(cipher.encrypt('x'.repeat(26)), 'base64')).toHaveLength(96);
  });
});

describe('createMsgCipher: one long-lived AES context per direction', () => {
  const appid = 'wx2c2769f8efd9abc2';
  const key = decodeEncodingAesKey(AES_KEY);
  const fresh = (block: Buffer) => {
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([c.update(block), c.final()]).toString('base64');
  };
  const layoutOf = (msg: string, random16: Buffer) => {
    const body = Buffer.concat([random16, Buffer.alloc(4), Buffer.from(msg), Buffer.from(appid)]);
    body.writeUInt32BE(Buffer.byteLength(msg), 16);
    const pad = 32 - (body.length % 32);
    return Buffer.concat([body, Buffer.alloc(pad, pad)]);
  };

  it('gives every message what a fresh context gives, interleaved with decrypts and failures', () => {
    const cipher = createMsgCipher({ aesKey: AES_KEY, appid });
    const other = createMsgCipher({ aesKey: AES_KEY, appid: 'wxother' });
    for (let n = 0; n < 300; n++) {
      const msg = `<xml><Content>${'你'.repeat(n % 37)}${n}</Content></xml>`;
      const random16 = randomBytes(16);
      const encrypted = cipher.encrypt(msg, random16);
      expect(encrypted).toBe(fresh(layoutOf(msg, random16)));
      if (n % 3 === 0) expect(() => cipher.decrypt(other.encrypt(msg))).toThrow(DecryptError);
      if (n % 5 === 0) expect(() => cipher.decrypt(randomBytes(64).toString('base64'))).toThrow(DecryptError);
      expect(cipher.decrypt(fresh(layoutOf(msg, random16))).message).toBe(msg);
    }
  });
});

describe('createMsgCipher: rejects malformed input with DecryptError', () => {
  const cipher = createMsgCipher({ aesKey: AES_KEY, appid: 'wxapp' });
  const good = cipher.encrypt('hello');

  it.each([
    ['invalid base64', 'not*base64!'],
    ['empty input', ''],
    ['truncated ciphertext', good.slice(0, 40)],
    ['a length that is not a multiple of 32', Buffer.alloc(48).toString('base64')],
    ['pad value 0', encryptRaw(layout(5, 'hellowxapp', 0))],
    ['pad value above 32', encryptRaw(layout(5, 'hellowxapp', 33))],
    [
      'pad bytes that disagree',
      encryptRaw(Buffer.concat([layout(5, 'hellowxapp', 3).subarray(0, 61), Buffer.from([1, 2, 3])])),
    ],
    ['a length prefix beyond the content', encryptRaw(layout(9999, 'hellowxapp', 20))],
    ['content shorter than the header', encryptRaw(Buffer.alloc(32, 32))],
  ])('%s', (_name, input) => {
    const caught = thrownBy(() => cipher.decrypt(input));
    expect(caught).toBeInstanceOf(DecryptError);
  });

  it('accepts a hand-built message with correct layout (the malformed cases differ only as named)', () => {
    // 20 header + 5 msg + 5 appid = 30 → pad 2 in a 32-byte block.
    expect(cipher.decrypt(encryptRaw(layout(5, 'hellowxapp', 2, 32)))).toEqual({
      message: 'hello',
      appid: 'wxapp',
    });
  });

  it.each([
    ['invalid base64', 'not*base64!', MsgCryptErrcode.DecodeBase64],
    ['empty input', '', MsgCryptErrcode.DecryptAES],
    [
      'a length that is not a multiple of 32',
      Buffer.alloc(48).toString('base64'),
      MsgCryptErrcode.DecryptAES,
    ],
    ['pad value 0', encryptRaw(layout(5, 'hellowxapp', 0)), MsgCryptErrcode.IllegalBuffer],
    [
      'a length prefix beyond the content',
      encryptRaw(layout(9999, 'hellowxapp', 20)),
      MsgCryptErrcode.IllegalBuffer,
    ],
    ['content shorter than the header', encryptRaw(Buffer.alloc(32, 32)), MsgCryptErrcode.IllegalBuffer],
    ['another receive id', createMsgCipher({ aesKey: AES_KEY, appid: 'wxother' }).encrypt('hi'), -40005],
  ])('carries WXBizMsgCrypt errcode for %s', (_name, input, errcode) => {
    const caught = thrownBy(() => cipher.decrypt(input));
    expect(caught).toBeInstanceOf(DecryptError);
    expect((caught as DecryptError).errcode).toBe(errcode);
  });

  it('reports an appid mismatch when the receive id differs', () => {
    const other = createMsgCipher({ aesKey: AES_KEY, appid: 'wxother' });
    expect(() => other.decrypt(good)).toThrow(expect.objectContaining({ errcode: -40005 }));
  });
  it('throws only DecryptError for 500 random aligned ciphertexts and mangled base64', () => {
    let failures = 0;
    for (let i = 0; i < 500; i++) {
      const blocks = 1 + (i % 4);
      const inputs = [
        randomBytes(32 * blocks).toString('base64'),
        good.slice(0, i % (good.length - 1)) + '=',
        `${good}${'A'.repeat(1 + (i % 4))}`,
      ];
      for (const input of inputs) {
        try {
          cipher.decrypt(input);
        } catch (e) {
          expect(e).toBeInstanceOf(DecryptError);
          failures++;
        }
      }
    }
    expect(failures).toBe(1500);
  });
});

describe('EncodingAESKey validation', () => {
  it.each(['', 'short', `${AES_KEY}A`, `${AES_KEY.slice(0, 42)}=`, `${AES_KEY.slice(0, 42)}-`])(
    'rejects %j with a ConfigError naming EncodingAESKey',
    (aesKey) => {
      let caught: unknown;
      try {
        createMsgCipher({ aesKey, appid: 'wx' });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).setting).toBe('EncodingAESKey');
      expect((caught as ConfigError).message).not.toContain(AES_KEY.slice(0, 20));
    },
  );

  it('decodes a valid key to 32 bytes', () => {
    expect(decodeEncodingAesKey(AES_KEY)).toHaveLength(32);
  });
});
