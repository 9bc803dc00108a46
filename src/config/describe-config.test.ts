import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeConfig } from './describe-config.js';
import { loadConfig } from './load-config.js';

const cwd = mkdtempSync(join(tmpdir(), 'wegate-describe-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const SECRETS = {
  WECHAT_OA_SECRET: 'oasecret0000000000000000000000aa',
  WECHAT_OA_TOKEN: 'oatokenvalue42',
  WECHAT_OA_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECHAT_PAY_APIV3_KEY: 'apiv3keyapiv3keyapiv3keyapiv3key',
  WEGATE_JWT_SECRET: 'jwtsecretjwtsecretjwtsecretjwt42',
  WEGATE_GATEWAY_KEY: 'gatewaykeyvalue',
  WEGATE_FIELD_KEYS: '{"3":"00112233445566778899aabbccddeeff"}',
  // A robot webhook's key is in its URL.
  WEGATE_ALERT_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robotkey-1234',
};

describe('describeConfig', () => {
  it('redacts every secret and URL password but keeps ids and shape', () => {
    const env = {
      ...SECRETS,
      WECHAT_OA_APPID: 'wx1234567890abcdef',
      WECHAT_PAY_MCHID: '1900000001',
      WECHAT_PAY_PRIVATE_KEY: '/keys/key.pem',
      WECHAT_PAY_CERT_SERIAL: 'ABCDEF0123456789',
      DATABASE_URL: 'postgres://wegate:dbpassword99@db:5432/wegate?sslmode=require',
      REDIS_URL: 'redis://:redispassword77@cache:6379/0',
    };
    const summary = describeConfig(loadConfig({ env, cwd }));
    const text = JSON.stringify(summary);
    for (const secret of [
      ...Object.values(SECRETS),
      '00112233445566778899aabbccddeeff',
      'dbpassword99',
      'redispassword77',
      'robotkey-1234',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(summary).toMatchObject({
      apps: {
        oa: { appid: 'wx1234567890abcdef', secret: '[redacted]', token: '[redacted]', aesKey: '[redacted]' },
      },
      pay: { mchid: '1900000001', apiv3Key: '[redacted]', privateKeyPath: '/keys/key.pem' },
      secrets: { jwtSecret: '[redacted]', gatewayKey: '[redacted]', fieldKeys: { '3': '[redacted]' } },
      databaseUrl: 'postgres://wegate:%5Bredacted%5D@db:5432/wegate',
      redisUrl: 'redis://:%5Bredacted%5D@cache:6379/0',
      alerts: { webhook: '[redacted]' },
    });
  });
});
