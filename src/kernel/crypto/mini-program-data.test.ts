import { describe, it, expect } from 'vitest';
import { DecryptError } from '../errors/wechat-error.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import {
  decryptMiniProgramData,
  encryptMiniProgramData,
  signRawData,
  verifyRawData,
} from './mini-program-data.js';

interface DecryptVector extends VectorEntry {
  sessionKey: string;
  iv: string;
  encryptedData: string;
  decrypted?: string;
  expect?: 'error';
}

interface RawDataVector extends VectorEntry {
  rawData: string;
  session_key: string;
  signature: string;
}

const decryptVectors = loadVectors<DecryptVector>('miniprogram-decrypt');
const positive = decryptVectors.find((v) => v.decrypted !== undefined)!;
const negative = decryptVectors.find((v) => v.expect === 'error')!;
const APPID = 'wx4f4bc4dec97d474b';
const WATERMARK_S = 1477314187;

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('decryptMiniProgramData', () => {
  it('decrypts the whitespace-wrapped sample to the published JSON', () => {
    const data = decryptMiniProgramData({ ...positive, appid: APPID });
    expect(data).toEqual(JSON.parse(positive.decrypted!));
    expect(data.watermark).toEqual({ timestamp: WATERMARK_S, appid: APPID });
  });

  it('rejects the published invalid payload ("aaaa" prepended) with DecryptError', () => {
    expect(errorOf(() => decryptMiniProgramData({ ...negative, appid: APPID }))).toBeInstanceOf(DecryptError);
  });

  it('rejects data whose watermark belongs to another app', () => {
    const e = errorOf(() => decryptMiniProgramData({ ...positive, appid: 'wx0000000000000000' }));
    expect(e).toBeInstanceOf(DecryptError);
    expect((e as Error).message).toMatch(/watermark\.appid/);
  });

  it('enforces maxAgeS against the watermark timestamp', () => {
    const base = { ...positive, appid: APPID, maxAgeS: 300 };
    expect(decryptMiniProgramData({ ...base, now: (WATERMARK_S + 299) * 1000 }).watermark.appid).toBe(APPID);
    expect(
      errorOf(() => decryptMiniProgramData({ ...base, now: (WATERMARK_S + 301) * 1000 })),
    ).toBeInstanceOf(DecryptError);
  });

  it('rejects a wrong session_key, a bad iv and non-base64 input without raw OpenSSL errors', () => {
    const wrongKey = Buffer.alloc(16, 7).toString('base64');
    for (const input of [
      { ...positive, sessionKey: wrongKey },
      { ...positive, iv: 'c2hvcnQ=' },
      { ...positive, encryptedData: '@@@@' },
      { ...positive, sessionKey: '' },
    ]) {
      expect(errorOf(() => decryptMiniProgramData({ ...input, appid: APPID }))).toBeInstanceOf(DecryptError);
    }
  });

  it('rejects a payload that decrypts to JSON without a watermark', () => {
    const encryptedData = encryptMiniProgramData({
      sessionKey: positive.sessionKey,
      iv: positive.iv,
      data: { a: 1 },
    });
    const e = errorOf(() => decryptMiniProgramData({ ...positive, encryptedData, appid: APPID }));
    expect(e).toBeInstanceOf(DecryptError);
  });
});

describe('encryptMiniProgramData', () => {
  it('reproduces the published ciphertext from the published plaintext', () => {
    const out = encryptMiniProgramData({
      sessionKey: positive.sessionKey,
      iv: positive.iv,
      data: positive.decrypted!,
    });
    expect(out).toBe(positive.encryptedData.replace(/\s+/g, ''));
  });

  it('round-trips unicode through decryptMiniProgramData', () => {
    const data = { nickName: '林 🐼', watermark: { appid: 'wxmine', timestamp: 1 } };
    const encryptedData = encryptMiniProgramData({ sessionKey: positive.sessionKey, iv: positive.iv, data });
    expect(decryptMiniProgramData({ ...positive, encryptedData, appid: 'wxmine' })).toEqual(data);
  });
});

describe('signRawData / verifyRawData', () => {
  it.each(loadVectors<RawDataVector>('miniprogram-rawdata-signature').map((v) => [v.id, v] as const))(
    'matches %s',
    (_id, v) => {
      expect(signRawData(v.rawData, v.session_key)).toBe(v.signature);
      expect(verifyRawData(v.rawData, v.session_key, v.signature)).toBe(true);
      expect(verifyRawData(`${v.rawData} `, v.session_key, v.signature)).toBe(false);
      expect(verifyRawData(v.rawData, v.session_key, v.signature.slice(1))).toBe(false);
    },
  );
});
