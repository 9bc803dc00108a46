import { describe, expect, it } from 'vitest';
import { configDirs } from '../../test/helpers/config-dirs.js';
import { loadConfig } from './load-config.js';

const APPID = 'wx1234567890abcdef';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const { tempDir, failure } = configDirs('wegate-sandbox-rule-');

describe('sandbox mode is on only when nothing of production is configured', () => {
  it('is on with no WeChat setting, no DATABASE_URL and no REDIS_URL', () => {
    expect(loadConfig({ env: { PORT: '9000', WEGATE_GATEWAY_KEY: 'k' }, cwd: tempDir() }).sandbox).toBe(true);
  });

  it('never falls back to sandbox for an Official Account with appid, Token and AES key but no secret', () => {
    const env = {
      WECHAT_OA_APPID: APPID,
      WECHAT_OA_TOKEN: 'cbtoken1',
      WECHAT_OA_AES_KEY: AES_KEY,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    };
    expect(failure(env)).toBe('WECHAT_OA_SECRET: is required: app "oa" has an appid but no secret');
    const { DATABASE_URL: _unused, ...withoutDatabase } = env;
    expect(failure(withoutDatabase)).toBe(
      'WECHAT_OA_SECRET: is required: app "oa" has an appid but no secret',
    );
  });

  it.each([
    [
      'a secret without an appid',
      { WECHAT_MP_SECRET: 's' },
      'WECHAT_MP_APPID: is required: app "mp" has a secret but no appid',
    ],
    ['only a callback Token', { WECHAT_OA_TOKEN: 'cbtoken1' }, 'WECHAT_OA_APPID: is required for app "oa"'],
    [
      'a merchant id without its keys',
      { WECHAT_PAY_MCHID: '1900000001' },
      'WECHAT_PAY_APIV3_KEY: is required when WeChat Pay is configured',
    ],
    [
      'pay keys without a merchant id',
      { WECHAT_PAY_APIV3_KEY: 'k'.repeat(32) },
      'WECHAT_PAY_MCHID: is required when other WeChat Pay settings are set',
    ],
  ])('stops on %s, naming what is missing', (_name, env, message) => {
    expect(failure(env)).toBe(message);
  });

  it('is off when the config file names an app, even one without credentials', () => {
    expect(failure({}, { apps: { mp2: { type: 'mini-program' } } })).toBe(
      'wegate.config.json:apps.mp2.appid: is required for app "mp2"',
    );
  });

  it('is off with only DATABASE_URL or REDIS_URL set', () => {
    for (const env of [{ DATABASE_URL: 'postgres://db/wegate' }, { REDIS_URL: 'redis://cache:6379' }]) {
      const config = loadConfig({ env, cwd: tempDir() });
      expect(config.sandbox).toBe(false);
      expect(config.apps).toEqual({});
    }
  });

  it('is on with WEGATE_SANDBOX=1 whatever is configured, the configured values kept', () => {
    const env = { WEGATE_SANDBOX: '1', WECHAT_OA_APPID: APPID, DATABASE_URL: 'postgres://db/wegate' };
    const config = loadConfig({ env, cwd: tempDir({ apps: { mp2: { type: 'mini-program' } } }) });
    expect(config.sandbox).toBe(true);
    expect(config.apps['oa']?.appid).toBe(APPID);
    expect(config.apps['mp2']?.appid).toMatch(/^wx[0-9a-f]{16}$/);
  });

  it('listens on 127.0.0.1 in sandbox mode and on 0.0.0.0 in production unless HOST says otherwise', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).host).toBe('127.0.0.1');
    expect(loadConfig({ env: { HOST: '0.0.0.0' }, cwd: tempDir() }).host).toBe('0.0.0.0');
    const production = { WECHAT_OA_APPID: APPID, WECHAT_OA_SECRET: 'a'.repeat(32) };
    expect(loadConfig({ env: production, cwd: tempDir() }).host).toBe('0.0.0.0');
    expect(loadConfig({ env: { ...production, HOST: '127.0.0.2' }, cwd: tempDir() }).host).toBe('127.0.0.2');
  });
});
