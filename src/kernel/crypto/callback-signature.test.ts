import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { signCallback, signSortedParts, verifyCallback } from './callback-signature.js';

interface SignatureVector extends VectorEntry {
  token?: string;
  timestamp?: string;
  nonce?: string;
  sorted_inputs: string[];
  signature: string;
  negative?: { sorted_inputs: string[]; signature: string };
}

interface MsgCryptVector extends VectorEntry {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msg_signature: string;
  negative_case?: { nonce: string };
}

const signatureVectors = loadVectors<SignatureVector>('signature');
const msgcryptVectors = loadVectors<MsgCryptVector>('msgcrypt');
const withCallbackInputs = signatureVectors.filter((v) => v.token !== undefined);

describe('signSortedParts', () => {
  it.each(signatureVectors.map((v) => [v.id, v] as const))(
    'reproduces the published sha1 of sorted parts (%s)',
    (_id, v) => {
      // Entries without token/timestamp/nonce (WxJava, wechatpy signer, silenceper) only fix this primitive.
      expect(signSortedParts([...v.sorted_inputs].reverse())).toBe(v.signature);
    },
  );
});

describe('signCallback / verifyCallback (plain signature)', () => {
  it.each(withCallbackInputs.map((v) => [v.id, v] as const))('matches the vector %s', (_id, v) => {
    const input = { token: v.token!, timestamp: v.timestamp!, nonce: v.nonce! };
    expect(signCallback(input.token, input.timestamp, input.nonce)).toBe(v.signature);
    expect(verifyCallback({ ...input, signature: v.signature })).toBe(true);
    expect(verifyCallback({ ...input, signature: v.signature.toUpperCase() })).toBe(true);
  });

  it('rejects the negative wechatpy signature (last hex digit changed)', () => {
    const v = signatureVectors.find((e) => e.id === 'wechatpy-check-signature')!;
    expect(v.negative).toBeDefined();
    const input = { token: v.token!, timestamp: v.timestamp!, nonce: v.nonce! };
    expect(verifyCallback({ ...input, signature: v.negative!.signature })).toBe(false);
  });

  it('rejects a signature of another length or a different token without throwing', () => {
    const v = withCallbackInputs[0]!;
    const input = { token: v.token!, timestamp: v.timestamp!, nonce: v.nonce! };
    expect(verifyCallback({ ...input, signature: v.signature.slice(0, 39) })).toBe(false);
    expect(verifyCallback({ ...input, signature: '' })).toBe(false);
    expect(verifyCallback({ ...input, token: 'other', signature: v.signature })).toBe(false);
    expect(verifyCallback({ ...input, signature: undefined as unknown as string })).toBe(false);
  });

  it('sorts as strings, not numbers', () => {
    // As strings '10' < '9'; a numeric sort would hash '910t' instead.
    expect(signCallback('t', '9', '10')).toBe(createHash('sha1').update('109t').digest('hex'));
  });
});

describe('msg_signature over [token, timestamp, nonce, Encrypt]', () => {
  it.each(msgcryptVectors.map((v) => [v.id, v] as const))('matches the vector %s', (_id, v) => {
    expect(signCallback(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    expect(
      verifyCallback({
        token: v.token,
        timestamp: v.timestamp,
        nonce: v.nonce,
        encrypt: v.encrypt,
        signature: v.msg_signature,
      }),
    ).toBe(true);
  });

  it('rejects the WeCom echostr vector when the nonce is changed (negative case)', () => {
    const v = msgcryptVectors.find((e) => e.negative_case !== undefined)!;
    const input = { token: v.token, timestamp: v.timestamp, encrypt: v.encrypt, signature: v.msg_signature };
    expect(verifyCallback({ ...input, nonce: v.negative_case!.nonce })).toBe(false);
  });

  it('does not accept the plain signature in place of msg_signature', () => {
    const v = msgcryptVectors[0]!;
    const plain = signCallback(v.token, v.timestamp, v.nonce);
    const input = { token: v.token, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt };
    expect(verifyCallback({ ...input, signature: plain })).toBe(false);
  });
});
