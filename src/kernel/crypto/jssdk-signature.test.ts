import { describe, it, expect } from 'vitest';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { buildJsSdkSignString, signJsSdk } from './jssdk-signature.js';

interface JsSdkVector extends VectorEntry {
  jsapi_ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
  string1: string;
  signature: string;
}

const vectors = loadVectors<JsSdkVector>('jssdk');

describe('signJsSdk', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('matches %s', (_id, v) => {
    const input = { ticket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: v.timestamp, url: v.url };
    expect(buildJsSdkSignString(input)).toBe(v.string1);
    expect(signJsSdk(input)).toBe(v.signature);
    expect(signJsSdk({ ...input, timestamp: Number(v.timestamp) })).toBe(v.signature);
  });

  it('signs the URL without its fragment', () => {
    const v = vectors[0]!;
    const input = { ticket: v.jsapi_ticket, nonceStr: v.noncestr, timestamp: v.timestamp };
    expect(signJsSdk({ ...input, url: `${v.url}#/page?x=1` })).toBe(v.signature);
  });

  it('does not URL-escape the query string', () => {
    const s = buildJsSdkSignString({
      ticket: 't',
      nonceStr: 'n',
      timestamp: 1,
      url: 'https://a.test/p?q=中 文&b=%20',
    });
    expect(s).toBe('jsapi_ticket=t&noncestr=n&timestamp=1&url=https://a.test/p?q=中 文&b=%20');
  });
});
