import { describe, expect, it } from 'vitest';
import { createPathLabels, OTHER_PATH } from './path-labels.js';

describe('createPathLabels', () => {
  it('keeps the path of an API WeChat answered, and collapses paths it called invalid to other', () => {
    const label = createPathLabels(10);
    expect(label('/cgi-bin/getcallbackip', { status: 200 })).toBe('/cgi-bin/getcallbackip');
    expect(label('/cgi-bin/message/template/send', { errcode: 40037 })).toBe(
      '/cgi-bin/message/template/send',
    );
    expect(label('/cgi-bin/no/such/api', { errcode: 40066 })).toBe(OTHER_PATH);
    expect(label('/nowhere', { status: 404 })).toBe(OTHER_PATH);
  });

  it('gives at most max paths their own value, and keeps the ones it already gave', () => {
    const label = createPathLabels(2);
    expect(label('/a', {})).toBe('/a');
    expect(label('/b', {})).toBe('/b');
    expect(label('/c', {})).toBe(OTHER_PATH);
    expect(label('/a', { errcode: 40066 })).toBe('/a');
    const values = new Set(Array.from({ length: 1000 }, (_, i) => label(`/p${i}`, {})));
    expect([...values]).toEqual([OTHER_PATH]);
  });
});
