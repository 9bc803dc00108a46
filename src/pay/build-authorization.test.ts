import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyRsaSha256 } from '../kernel/crypto/index.js';
import { loadVectors, type VectorEntry } from '../../test/helpers/vectors.js';
import { buildAuthorization } from './build-authorization.js';

interface SignVector extends VectorEntry {
  kind: string;
  mchid?: string;
  serial_no?: string;
  method: string;
  canonical_url: string;
  timestamp: string;
  nonce_str: string;
  body: string;
  signature: string;
  authorization?: string;
  private_key_pem: string;
  message: string;
}

interface FormatVector extends VectorEntry {
  cases: Array<{ method: string; canonical_url: string; body: string; expected: string }>;
}

const all = loadVectors<SignVector>('pay-v3');
const signing = all.filter((v) => v.kind === 'request-signature');
const format = all.find((v) => v.kind === 'authorization-format') as unknown as FormatVector;

function fieldsOf(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function build(v: SignVector): string {
  return buildAuthorization({
    mchid: v.mchid ?? 'mock-mch-id',
    serialNo: v.serial_no ?? 'SERIAL',
    method: v.method,
    canonicalUrl: v.canonical_url,
    body: v.body,
    timestamp: v.timestamp,
    nonce: v.nonce_str,
    privateKey: v.private_key_pem,
  });
}

describe('buildAuthorization', () => {
  it('covers every request-signature vector', () => {
    expect(signing.length).toBeGreaterThanOrEqual(3);
  });

  it.each(signing.map((v) => [v.id, v] as const))('produces the published signature for %s', (_id, v) => {
    const header = build(v);
    expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
    expect(fieldsOf(header)['signature']).toBe(v.signature);
    expect(fieldsOf(header)['timestamp']).toBe(v.timestamp);
    expect(fieldsOf(header)['nonce_str']).toBe(v.nonce_str);
  });

  it('reproduces the published header byte for byte', () => {
    const v = signing.find((e) => e.authorization !== undefined)!;
    expect(build(v)).toBe(v.authorization);
  });

  it('lays the header out like the published format, for GET with no body and POST with a body', () => {
    const v = signing.find((e) => e.id === 'nodeeasywechat-get-certificates')!;
    for (const c of format.cases) {
      const header = buildAuthorization({
        mchid: '1234567890',
        serialNo: '0123456789ABC',
        method: c.method,
        canonicalUrl: c.canonical_url,
        body: c.body,
        timestamp: '1624523846',
        nonce: 'A1B2C3D4E5F6G7',
        privateKey: v.private_key_pem,
      });
      const signature = fieldsOf(header)['signature']!;
      const expectedMessage = fieldsOf(c.expected)['signature']!.replace(/^Sign:/, '');
      const publicKey = createPublicKey(v.private_key_pem);
      expect(verifyRsaSha256(expectedMessage, signature, publicKey)).toBe(true);
      const mock = c.expected.replace('WECHATPAY2-Mock', 'WECHATPAY2-SHA256-RSA2048');
      expect(header).toBe(mock.replace(/signature="[^"]*"/s, `signature="${signature}"`));
    }
  });

  it('signs a different message when the body changes', () => {
    const v = signing[0]!;
    expect(fieldsOf(build({ ...v, body: '{}' }))['signature']).not.toBe(v.signature);
  });
});
