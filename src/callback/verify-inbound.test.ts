import { createCipheriv } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { createMsgCipher, decodeEncodingAesKey, signCallback } from '../kernel/crypto/index.js';
import { DecryptError, ParseError, SignatureError } from '../kernel/errors/index.js';
import { loadVectors, type VectorEntry } from '../../test/helpers/vectors.js';
import { openInbound } from './open-inbound.js';
import { parseInboundBody } from './parse-inbound-body.js';
import { parseMessage } from './parse-message.js';
import { verifyHandshake, verifyInbound, type VerifyInboundInput } from './verify-inbound.js';

interface MsgCryptVector extends VectorEntry {
  token: string;
  encodingAESKey: string;
  appid: string;
  timestamp: string;
  nonce: string;
  msg_signature: string;
  encrypt: string;
  msg: string;
}

const vectors = loadVectors<MsgCryptVector>('msgcrypt');
const easy = vectors.find((v) => v.id === 'easywechat-decrypt')!;
const TOKEN = 'pamtest';
const TS = '1458300676';
const NONCE = '260774613';
const PLAIN_QUERY = { signature: signCallback(TOKEN, TS, NONCE), timestamp: TS, nonce: NONCE };
const NOW = Number(TS) * 1000;

function input(overrides: Partial<VerifyInboundInput>): VerifyInboundInput {
  return {
    token: TOKEN,
    query: PLAIN_QUERY,
    body: { MsgType: 'text' },
    mode: 'plain',
    maxSkewS: 0,
    now: NOW,
    ...overrides,
  };
}

/** The easywechat vector as the full safe-mode request WeChat would send. */
function safeRequest(): { query: Record<string, string>; rawBody: string } {
  const query = {
    signature: signCallback(easy.token, easy.timestamp, easy.nonce),
    timestamp: easy.timestamp,
    nonce: easy.nonce,
    encrypt_type: 'aes',
    msg_signature: easy.msg_signature,
  };
  return {
    query,
    rawBody: `<xml><ToUserName><![CDATA[asdasdasd]]></ToUserName><Encrypt><![CDATA[${easy.encrypt}]]></Encrypt></xml>`,
  };
}

describe('verifyInbound: published msgcrypt vectors', () => {
  it('accepts the easywechat safe-mode request, decrypts it and types the text message', () => {
    const { query, rawBody } = safeRequest();
    const body = parseInboundBody(rawBody, 'xml');
    const result = verifyInbound({
      token: easy.token,
      query,
      body,
      mode: 'safe',
      maxSkewS: 0,
      now: Date.now(),
    });
    expect(result).toEqual({ ok: true, timestamp: easy.timestamp, nonce: easy.nonce });
    const cipher = createMsgCipher({ aesKey: easy.encodingAESKey, appid: easy.appid });
    const record = openInbound({ cipher, appid: easy.appid, body, format: 'xml' });
    expect(parseMessage(record)).toMatchObject({
      MsgType: 'text',
      Content: 'hello',
      MsgId: '12345',
      FromUserName: 'asdasdasdsadasd',
      CreateTime: '1234567898',
    });
  });

  it.each(
    vectors
      .filter((v) => v.msg.startsWith('<xml>') && !v.id.includes('wecheat'))
      .map((v) => [v.id, v] as const),
  )('verifies msg_signature of %s and opens it to the recorded message', (_id, v) => {
    const query = {
      timestamp: v.timestamp,
      nonce: v.nonce,
      encrypt_type: 'aes',
      msg_signature: v.msg_signature,
    };
    const rawBody = `<xml><Encrypt><![CDATA[${v.encrypt}]]></Encrypt></xml>`;
    const result = verifyInbound({
      token: v.token,
      query,
      rawBody,
      format: 'xml',
      mode: 'safe',
      maxSkewS: 0,
      now: 0,
    });
    expect(result.ok).toBe(true);
    const cipher = createMsgCipher({ aesKey: v.encodingAESKey, appid: v.appid });
    expect(openInbound({ cipher, appid: v.appid, body: rawBody, format: 'xml' })).toEqual(
      parseInboundBody(v.msg, 'xml'),
    );
  });
});

describe('verifyInbound: rejections', () => {
  const { query: safeQuery, rawBody } = safeRequest();
  const safeBody = parseInboundBody(rawBody, 'xml');
  const safe = (query: Record<string, string>, maxSkewS = 0, now = NOW) =>
    verifyInbound({ token: easy.token, query, body: safeBody, mode: 'safe', maxSkewS, now });
  const { signature: _omitted, ...withoutSignature } = PLAIN_QUERY;

  it.each([
    ['a plaintext request without signature', input({ query: withoutSignature }), 'signature-missing'],
    [
      'a plaintext request with a wrong signature',
      input({ query: { ...PLAIN_QUERY, signature: '0'.repeat(40) } }),
      'signature-mismatch',
    ],
    [
      'a compatible request with a right signature but no msg_signature',
      input({ body: { MsgType: 'text', Encrypt: easy.encrypt }, mode: 'compatible' }),
      'msg-signature-missing',
    ],
    [
      'a compatible request without Encrypt',
      input({ query: { ...PLAIN_QUERY, msg_signature: '0'.repeat(40) }, mode: 'compatible' }),
      'encrypt-missing',
    ],
    ['a request signed with another token', input({ token: 'other' }), 'signature-mismatch'],
    [
      'a repeated signature parameter',
      input({ query: { ...PLAIN_QUERY, signature: [PLAIN_QUERY.signature, 'x'] } }),
      'signature-missing',
    ],
    [
      'a request without timestamp',
      input({ query: { signature: PLAIN_QUERY.signature, nonce: NONCE } }),
      'params-missing',
    ],
  ])('rejects %s', (_name, request, reason) => {
    const result = verifyInbound(request);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.error).toBeInstanceOf(SignatureError);
  });

  it('requires msg_signature in safe mode even when signature is right', () => {
    const { msg_signature: _dropped, ...query } = safeQuery;
    expect(safe(query)).toMatchObject({ ok: false, reason: 'msg-signature-missing' });
  });

  it('rejects a wrong msg_signature, and a right one over a different Encrypt', () => {
    expect(safe({ ...safeQuery, msg_signature: 'f'.repeat(40) })).toMatchObject({
      reason: 'msg-signature-mismatch',
    });
    const tampered = { ToUserName: 'x', Encrypt: `${easy.encrypt.slice(0, -4)}AAA=` };
    const result = verifyInbound({
      token: easy.token,
      query: safeQuery,
      body: tampered,
      mode: 'safe',
      maxSkewS: 0,
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, reason: 'msg-signature-mismatch' });
  });

  it('holds safe mode to msg_signature alone: signature covers no body byte and is not consulted', () => {
    expect(safe({ ...safeQuery, signature: 'a'.repeat(40) }).ok).toBe(true);
    const { signature: _s, ...query } = safeQuery;
    expect(safe(query).ok).toBe(true);
    const { msg_signature: _m, ...onlySignature } = safeQuery;
    expect(safe(onlySignature)).toMatchObject({ ok: false, reason: 'msg-signature-missing' });
  });

  it('rejects a stale timestamp when the skew check is on, and accepts it when off', () => {
    const later = (Number(easy.timestamp) + 301) * 1000;
    expect(safe(safeQuery, 300, later)).toMatchObject({ ok: false, reason: 'timestamp-stale' });
    expect(safe(safeQuery, 300, (Number(easy.timestamp) + 300) * 1000).ok).toBe(true);
    expect(safe(safeQuery, 0, later).ok).toBe(true);
    const earlier = (Number(easy.timestamp) - 301) * 1000;
    expect(safe(safeQuery, 300, earlier)).toMatchObject({ reason: 'timestamp-stale' });
  });

  it('answers the GET handshake with the echostr only when signed (official example)', () => {
    const query = {
      signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
      timestamp: '1714036504',
      nonce: '1514711492',
      echostr: '4375120948345356249',
    };
    expect(verifyHandshake({ token: 'AAAAA', query, maxSkewS: 0, now: 0 })).toMatchObject({
      ok: true,
      echostr: '4375120948345356249',
    });
    expect(verifyHandshake({ token: 'AAAAB', query, maxSkewS: 0, now: 0 })).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    });
  });
});

describe('openInbound: rejections', () => {
  const cipher = createMsgCipher({ aesKey: easy.encodingAESKey, appid: easy.appid });

  function encryptRaw(block: Buffer): string {
    const key = decodeEncodingAesKey(easy.encodingAESKey);
    const aes = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([aes.update(block), aes.final()]).toString('base64');
  }

  it('rejects a message encrypted for another appid', () => {
    const other = createMsgCipher({ aesKey: easy.encodingAESKey, appid: 'wx0000000000000000' });
    const body = { Encrypt: other.encrypt('<xml><A>1</A></xml>') };
    expect(() => openInbound({ cipher, appid: easy.appid, body, format: 'xml' })).toThrow(DecryptError);
    expect(() => openInbound({ cipher, appid: easy.appid, body, format: 'xml' })).toThrow(/appid/);
  });

  it('rejects when the cipher decrypts but the receive id is not the expected appid', () => {
    const body = { Encrypt: easy.encrypt };
    expect(() => openInbound({ cipher, appid: 'wx_other', body, format: 'xml' })).toThrow(
      expect.objectContaining({ errcode: -40005 }),
    );
  });

  it('carries errcode -40005 for a receive id mismatch and none for a body without Encrypt', () => {
    const errcodeOf = (body: Record<string, string> | string): unknown => {
      try {
        openInbound({ cipher, appid: 'wx_other', body, format: 'xml' });
      } catch (e) {
        return e instanceof DecryptError ? { errcode: e.errcode } : e;
      }
      return 'no error';
    };
    expect(errcodeOf({ Encrypt: easy.encrypt })).toEqual({ errcode: -40005 });
    expect(errcodeOf('<xml><A>1</A></xml>')).toEqual({ errcode: undefined });
  });

  it.each([
    ['truncated base64', easy.encrypt.slice(0, -3)],
    ['base64 cut at a block boundary minus one block', easy.encrypt.slice(0, 40)],
    ['bad padding (pad byte 0)', encryptRaw(Buffer.alloc(64, 0))],
    ['bad padding (pad byte 33)', encryptRaw(Buffer.alloc(64, 33))],
  ])('rejects %s with DecryptError', (_name, encrypt) => {
    expect(() =>
      openInbound({ cipher, appid: easy.appid, body: { Encrypt: encrypt }, format: 'xml' }),
    ).toThrow(DecryptError);
  });

  it('rejects a body without Encrypt', () => {
    expect(() =>
      openInbound({ cipher, appid: easy.appid, body: '<xml><A>1</A></xml>', format: 'xml' }),
    ).toThrow(DecryptError);
  });

  it.each([
    ['plain text in an XML push', 'not xml at all', 'xml'],
    ['a DOCTYPE in the decrypted XML', '<!DOCTYPE x><xml><A>1</A></xml>', 'xml'],
    ['XML in a JSON push', '<xml><A>1</A></xml>', 'json'],
    ['a JSON array in a JSON push', '[1,2]', 'json'],
  ] as const)('rejects %s with ParseError', (_name, plain, format) => {
    const body = { Encrypt: cipher.encrypt(plain) };
    expect(() => openInbound({ cipher, appid: easy.appid, body, format })).toThrow(ParseError);
  });

  it('opens a JSON envelope into a JSON message', () => {
    const body = JSON.stringify({
      ToUserName: 'gh_1',
      Encrypt: cipher.encrypt('{"MsgType":"text","MsgId":9223372036854775807}'),
    });
    expect(openInbound({ cipher, appid: easy.appid, body, format: 'json' })).toEqual({
      MsgType: 'text',
      MsgId: '9223372036854775807',
    });
  });
});
