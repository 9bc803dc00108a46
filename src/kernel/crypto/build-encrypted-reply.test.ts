import { describe, it, expect } from 'vitest';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { buildEncryptedReplyJson, buildEncryptedReplyXml, encryptReply } from './build-encrypted-reply.js';
import { verifyCallback } from './callback-signature.js';
import { createMsgCipher } from './msg-cipher.js';

interface MsgCryptVector extends VectorEntry {
  token: string;
  encodingAESKey: string;
  appid: string;
  timestamp: string;
  nonce: string;
  random16?: string;
  msg: string;
  encrypt: string;
  msg_signature: string;
  expected_reply_envelope?: string;
}

const vectors = loadVectors<MsgCryptVector>('msgcrypt');
const envelopeVector = vectors.find((v) => v.expected_reply_envelope !== undefined)!;

describe('buildEncryptedReplyXml', () => {
  it('reproduces the published envelope byte for byte (wechatpy-work-encrypt)', () => {
    const v = envelopeVector;
    const cipher = createMsgCipher({ aesKey: v.encodingAESKey, appid: v.appid });
    const reply = encryptReply({
      cipher,
      token: v.token,
      message: v.msg,
      timestamp: v.timestamp,
      nonce: v.nonce,
      random16: Buffer.from(v.random16!, 'latin1'),
    });
    expect(reply).toEqual({
      encrypt: v.encrypt,
      signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
    });
    expect(buildEncryptedReplyXml(reply)).toBe(v.expected_reply_envelope);
  });

  it('keeps a nonce containing "]]>" inside its CDATA section', () => {
    const xml = buildEncryptedReplyXml({ encrypt: 'e', signature: 's', timestamp: 1, nonce: 'a]]>b' });
    expect(xml).toContain('<Nonce><![CDATA[a]]]]><![CDATA[>b]]></Nonce>');
  });

  it('refuses a timestamp that is not digits (it is written bare)', () => {
    expect(() =>
      buildEncryptedReplyXml({ encrypt: 'e', signature: 's', timestamp: '1<x/>', nonce: 'n' }),
    ).toThrow(TypeError);
  });
});

describe('buildEncryptedReplyJson', () => {
  it('writes TimeStamp as a number and Nonce as a string, in the documented key order', () => {
    const json = buildEncryptedReplyJson({
      encrypt: 'ZW5j',
      signature: 'abc',
      timestamp: '1713424427',
      nonce: '415670741',
    });
    expect(json).toBe('{"Encrypt":"ZW5j","MsgSignature":"abc","TimeStamp":1713424427,"Nonce":"415670741"}');
  });
});

describe('encryptReply', () => {
  it('signs the reply so the receiver verifies and decrypts it', () => {
    const cipher = createMsgCipher({ aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appid: 'wxapp' });
    const reply = encryptReply({
      cipher,
      token: 'tok',
      message: '<xml>回复</xml>',
      timestamp: 1700000000,
      nonce: 'n1',
    });
    expect(
      verifyCallback({
        token: 'tok',
        timestamp: '1700000000',
        nonce: 'n1',
        encrypt: reply.encrypt,
        signature: reply.signature,
      }),
    ).toBe(true);
    expect(cipher.decrypt(reply.encrypt).message).toBe('<xml>回复</xml>');
  });
});
