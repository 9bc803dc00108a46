import { describe, expect, it } from 'vitest';
import { buildUrl } from './build-url.js';
import { backoffDelay } from './with-retry.js';

describe('buildUrl', () => {
  it('injects access_token into the URL but leaves it out of the loggable one, masking other credentials', () => {
    const built = buildUrl(
      'https://api.weixin.qq.com/',
      '/sns/jscode2session',
      { appid: 'wx1', secret: 's3cr3t', js_code: 'c0de', skip: undefined },
      'TOKEN123',
    );
    expect(built.url).toBe(
      'https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=s3cr3t&js_code=c0de&access_token=TOKEN123',
    );
    expect(built.safeUrl).toBe(
      'https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=***&js_code=***',
    );
  });

  it('drops a caller-supplied access_token from the loggable URL too', () => {
    const built = buildUrl('http://h', 'cgi-bin/x', { access_token: 'RAW' });
    expect(built.url).toBe('http://h/cgi-bin/x?access_token=RAW');
    expect(built.safeUrl).toBe('http://h/cgi-bin/x');
  });
});

describe('backoffDelay', () => {
  const options = { attempts: 5, baseDelayMs: 200, maxDelayMs: 1000 };
  it('doubles per retry, caps at maxDelayMs and jitters within the upper half', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 1))).toEqual([200, 400, 800, 1000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0))).toEqual([100, 200, 400, 500]);
  });
});
