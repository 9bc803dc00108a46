import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { ConfigError, DecryptError } from '../errors/wechat-error.js';
import { createFieldCipher, isSm4Available } from './sm4-field.js';

// GM/T 0002-2012 (SM4) appendix example 1: key = plaintext, one block.
const GMT_KEY = '0123456789abcdeffedcba9876543210';
const GMT_CIPHERTEXT = '681edf34d206965e86b3e94f536e4246';
const KEY_1 = '00112233445566778899aabbccddeeff';
const KEY_2 = GMT_KEY;

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('SM4 in this Node.js build', () => {
  it('offers sm4-cbc', () => {
    expect(isSm4Available()).toBe(true);
  });

  it('reproduces the GM/T 0002-2012 single-block example through sm4-ecb', () => {
    const key = Buffer.from(GMT_KEY, 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const out = Buffer.concat([cipher.update(key), cipher.final()]);
    expect(out.toString('hex')).toBe(GMT_CIPHERTEXT);
  });

  it('decrypts a value made independently with the GM/T key and a chosen IV', () => {
    const iv = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const cipher = createCipheriv('sm4-cbc', Buffer.from(GMT_KEY, 'hex'), iv);
    const ct = Buffer.concat([cipher.update('wegate field sm4 ✓', 'utf8'), cipher.final()]);
    const stored = `v2:${Buffer.concat([iv, ct]).toString('base64')}`;
    expect(createFieldCipher({ keys: { '2': KEY_2 } }).decrypt(stored)).toBe('wegate field sm4 ✓');
    expect(() => createFieldCipher({ keys: { '2': KEY_1 } }).decrypt(stored)).toThrow();
  });
});

describe('createFieldCipher', () => {
  const v1 = createFieldCipher({ keys: { '1': KEY_1 } });
  const both = createFieldCipher({ keys: { '1': KEY_1, '2': KEY_2 } });

  it('writes with the highest version and a random IV per value', () => {
    const a = both.encrypt('13800138000');
    const b = both.encrypt('13800138000');
    expect(both.currentVersion).toBe('2');
    expect(a).toMatch(/^v2:[A-Za-z0-9+/]+={0,2}$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64')).toHaveLength(32);
  });

  it('stores ciphertext that the SM4-CBC primitive decrypts with the current key', () => {
    const stored = both.encrypt('身份证 110101199003070000');
    const payload = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('sm4-cbc', Buffer.from(KEY_2, 'hex'), payload.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(payload.subarray(16)), decipher.final()]).toString('utf8');
    expect(plain).toBe('身份证 110101199003070000');
  });

  it('reads values written under an older key and flags them for rotation', () => {
    const old = v1.encrypt('secret 🔐');
    expect(both.decrypt(old)).toBe('secret 🔐');
    expect(both.needsRotation(old)).toBe(true);
    const rotated = both.encrypt(both.decrypt(old));
    expect(both.needsRotation(rotated)).toBe(false);
    expect(both.decrypt(rotated)).toBe('secret 🔐');
  });

  it('round-trips the empty string and block-aligned lengths', () => {
    for (const s of ['', 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(33)])
      expect(v1.decrypt(v1.encrypt(s))).toBe(s);
  });

  it.each([
    ['an unknown version', () => v1.decrypt(both.encrypt('x'))],
    ['a missing version prefix', () => v1.decrypt('AAAA')],
    ['a tampered payload', () => v1.decrypt(`v1:${Buffer.alloc(32, 1).toString('base64')}`)],
    ['a payload without ciphertext', () => v1.decrypt(`v1:${Buffer.alloc(16).toString('base64')}`)],
    ['rotation check on garbage', () => v1.needsRotation('garbage')],
  ])('throws DecryptError for %s', (_name, fn) => {
    expect(errorOf(fn)).toBeInstanceOf(DecryptError);
  });

  it.each([[{}], [{ '1': 'abc' }], [{ one: KEY_1 }], [{ '1': `${KEY_1}00` }]])(
    'rejects key set %j with a ConfigError naming WEGATE_FIELD_KEYS',
    (keys) => {
      const e = errorOf(() => createFieldCipher({ keys }));
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).setting).toBe('WEGATE_FIELD_KEYS');
      expect((e as Error).message).not.toContain(KEY_1);
    },
  );

  it('orders versions numerically (10 is newer than 9)', () => {
    const cipher = createFieldCipher({ keys: { '9': KEY_1, '10': KEY_2 } });
    expect(cipher.encrypt('x').startsWith('v10:')).toBe(true);
  });
});
