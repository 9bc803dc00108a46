import { describe, expect, it } from 'vitest';
import { configDirs } from '../../test/helpers/config-dirs.js';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const { tempDir, failure } = configDirs('wegate-config-redirect-');

describe('oauth.redirectPaths', () => {
  it('defaults to every path (the reserved ones excepted at the route)', () => {
    expect(loadConfig({ env: { ...OA }, cwd: tempDir() }).oauth.redirectPaths).toEqual(['/']);
  });

  it('reads WEGATE_OAUTH_REDIRECT_PATHS as a comma-separated list, trailing slashes dropped', () => {
    const env = { ...OA, WEGATE_OAUTH_REDIRECT_PATHS: ' /shop/ , /demo/h5,,/商品' };
    expect(loadConfig({ env, cwd: tempDir() }).oauth.redirectPaths).toEqual(['/shop', '/demo/h5', '/商品']);
    const file = { oauth: { redirectPaths: ['/m'] } };
    expect(loadConfig({ env: { ...OA }, cwd: tempDir(file) }).oauth.redirectPaths).toEqual(['/m']);
  });

  it('refuses a reserved API or protocol path even when configured', () => {
    for (const path of ['/api', '/api/files', '/API/', '/gateway/oa', '/__emulator', '/wechat', '/oauth/x']) {
      expect(failure({ ...OA, WEGATE_OAUTH_REDIRECT_PATHS: `/shop,${path}` }), path).toMatch(
        /^WEGATE_OAUTH_REDIRECT_PATHS: .*which no redirect may reach/,
      );
    }
    expect(failure({ ...OA }, { oauth: { redirectPaths: ['/api/shop'] } })).toMatch(
      /^wegate\.config\.json:oauth\.redirectPaths: /,
    );
  });

  it('refuses prefixes that are not plain paths', () => {
    for (const path of [
      'shop',
      '//evil.com',
      '/a/../api',
      '/a/./b',
      '/a//b',
      '/%2e%2e',
      '/a\\b',
      '/a?b',
      '/a#b',
    ]) {
      expect(failure({ ...OA }, { oauth: { redirectPaths: [path] } }), path).toMatch(/must be a path/);
    }
    expect(failure({ ...OA, WEGATE_OAUTH_REDIRECT_PATHS: ' , ' })).toMatch(/^WEGATE_OAUTH_REDIRECT_PATHS: /);
  });
});
