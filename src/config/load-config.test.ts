import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-config-'));
  dirs.push(dir);
  return dir;
}

function withFile(content: unknown, name = 'wegate.config.json'): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('loadConfig defaults', () => {
  it('applies the documented defaults in production mode', () => {
    const cwd = tempDir();
    const config = loadConfig({ env: { ...OA }, cwd });
    expect(config).toMatchObject({
      sandbox: false,
      port: 8080,
      host: '0.0.0.0',
      dataDir: join(cwd, 'data'),
      serverUrl: 'http://127.0.0.1:8080',
      hosts: {
        api: 'https://api.weixin.qq.com',
        payApi: 'https://api.mch.weixin.qq.com',
        open: 'https://open.weixin.qq.com',
        mpWeb: 'https://mp.weixin.qq.com',
      },
      callback: { maxSkewS: 300, deadlineMs: 4500, maxBodyBytes: 1048576 },
      gateway: { ratePerSecond: 1000, maxBodyBytes: 12582912 },
      secrets: { fieldKeys: {} },
    });
    expect(config.apps).toEqual({
      oa: {
        name: 'oa',
        type: 'official-account',
        appid: OA.WECHAT_OA_APPID,
        secret: OA.WECHAT_OA_SECRET,
        tokenMode: 'stable',
        msgMode: 'plain',
        pushFormat: 'xml',
      },
    });
    expect(config.pay).toBeUndefined();
    expect(config.secrets.jwtSecret).toBeUndefined();
  });

  it('defaults msgMode to safe when an EncodingAESKey is set, and lets WECHAT_OA_MSG_MODE override it', () => {
    const cwd = tempDir();
    expect(loadConfig({ env: { ...OA, WECHAT_OA_AES_KEY: AES_KEY }, cwd }).apps.oa?.msgMode).toBe('safe');
    const env = { ...OA, WECHAT_OA_AES_KEY: AES_KEY, WECHAT_OA_MSG_MODE: 'compatible' };
    expect(loadConfig({ env, cwd }).apps.oa?.msgMode).toBe('compatible');
  });

  it('reads the Mini Program message mode from WECHAT_MP_MSG_MODE', () => {
    const env = {
      WECHAT_MP_APPID: 'wxabcdef1234567890',
      WECHAT_MP_SECRET: 'b'.repeat(32),
      WECHAT_MP_AES_KEY: AES_KEY,
      WECHAT_MP_MSG_MODE: 'compatible',
    };
    expect(loadConfig({ env, cwd: tempDir() }).apps.mp?.msgMode).toBe('compatible');
  });

  it('refuses an encrypted message mode without the EncodingAESKey, naming the setting', () => {
    expect(() => loadConfig({ env: { ...OA, WECHAT_OA_MSG_MODE: 'safe' }, cwd: tempDir() })).toThrow(
      "WECHAT_OA_MSG_MODE: safe mode needs the app's EncodingAESKey (aesKey)",
    );
  });

  it('turns the callback timestamp window on in production and off in sandbox unless set', () => {
    expect(loadConfig({ env: { ...OA }, cwd: tempDir() }).callback.maxSkewS).toBe(300);
    expect(loadConfig({ env: {}, cwd: tempDir() }).callback.maxSkewS).toBe(0);
    const env = { ...OA, WEGATE_CALLBACK_MAX_SKEW_S: '0' };
    expect(loadConfig({ env, cwd: tempDir() }).callback.maxSkewS).toBe(0);
  });

  it('reads every environment variable into its place', () => {
    const env = {
      ...OA,
      WECHAT_OA_TOKEN_MODE: 'classic',
      WECHAT_MP_APPID: 'wxabcdef1234567890',
      WECHAT_MP_SECRET: 'b'.repeat(32),
      WECHAT_MP_TOKEN: 'mptoken1',
      WECHAT_MP_PUSH_FORMAT: 'json',
      WECHAT_CLOUD_ENV: 'prod-1a2b',
      DATABASE_URL: 'postgresql://u:p@db:5432/wegate',
      REDIS_URL: 'redis://cache:6379',
      WEGATE_DATA_DIR: '/var/lib/wegate',
      WEGATE_JWT_SECRET: 'j'.repeat(40),
      WEGATE_FIELD_KEYS: '{"1":"00112233445566778899aabbccddeeff","2":"ffeeddccbbaa99887766554433221100"}',
      WEGATE_GATEWAY_KEY: 'gw-key',
      WEGATE_CALLBACK_MAX_SKEW_S: '300',
      WEGATE_CALLBACK_DEADLINE_MS: '3000',
      WECHAT_API_BASE: 'http://127.0.0.1:8081/',
      WEGATE_SERVER_URL: 'http://10.0.0.5:9000',
      PORT: '9000',
      HOST: '127.0.0.1',
    };
    const config = loadConfig({ env, cwd: tempDir() });
    expect(config.apps.oa?.tokenMode).toBe('classic');
    expect(config.apps.mp).toMatchObject({ type: 'mini-program', token: 'mptoken1', pushFormat: 'json' });
    expect(config).toMatchObject({
      cloudEnv: 'prod-1a2b',
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      dataDir: '/var/lib/wegate',
      port: 9000,
      host: '127.0.0.1',
      serverUrl: 'http://10.0.0.5:9000',
      callback: { maxSkewS: 300, deadlineMs: 3000 },
      secrets: { jwtSecret: env.WEGATE_JWT_SECRET, gatewayKey: 'gw-key' },
    });
    expect(config.secrets.fieldKeys).toEqual(JSON.parse(env.WEGATE_FIELD_KEYS));
    expect(config.hosts.api).toBe('http://127.0.0.1:8081');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ env: { ...OA, PORT: '', WECHAT_OA_AES_KEY: '' }, cwd: tempDir() });
    expect(config.port).toBe(8080);
    expect(config.apps.oa?.aesKey).toBeUndefined();
  });

  it('reads LOG_FORMAT (json or pretty; unset leaves the choice to the terminal) and refuses anything else', () => {
    expect(loadConfig({ env: OA, cwd: tempDir() }).logFormat).toBeUndefined();
    expect(loadConfig({ env: { ...OA, LOG_FORMAT: 'pretty' }, cwd: tempDir() }).logFormat).toBe('pretty');
    expect(loadConfig({ env: { ...OA, LOG_FORMAT: 'json' }, cwd: tempDir() }).logFormat).toBe('json');
    expect(() => loadConfig({ env: { ...OA, LOG_FORMAT: 'yaml' }, cwd: tempDir() })).toThrow(
      'LOG_FORMAT: must be one of json, pretty, got "yaml"',
    );
  });
});

describe('loadConfig with wegate.config.json', () => {
  const file = {
    apps: {
      oa: {
        type: 'official-account',
        appid: 'wx00000000000000a1',
        secret: 's-oa',
        token: 'tok123',
        aesKey: AES_KEY,
      },
      mp: { type: 'mini-program', appid: 'wx00000000000000b2', secret: 's-mp', tokenMode: 'classic' },
      mp2: { type: 'mini-program', appid: 'wx00000000000000c3', secret: 's-mp2', pushFormat: 'json' },
    },
    port: 7000,
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/file',
  };

  it('loads several apps from the file', () => {
    const config = loadConfig({ env: {}, cwd: withFile(file) });
    expect(config.sandbox).toBe(false);
    expect(Object.keys(config.apps).sort()).toEqual(['mp', 'mp2', 'oa']);
    expect(config.apps.mp2).toEqual({
      name: 'mp2',
      type: 'mini-program',
      appid: 'wx00000000000000c3',
      secret: 's-mp2',
      tokenMode: 'stable',
      msgMode: 'plain',
      pushFormat: 'json',
    });
    expect(config.apps.mp?.tokenMode).toBe('classic');
    expect(config.apps.oa).toMatchObject({ token: 'tok123', aesKey: AES_KEY, msgMode: 'safe' });
    expect(config.port).toBe(7000);
  });

  it('lets environment variables win over the file, value by value', () => {
    const env = { WECHAT_OA_SECRET: 'from-env', PORT: '7100', DATABASE_URL: 'postgres://postgres@db/env' };
    const config = loadConfig({ env, cwd: withFile(file) });
    expect(config.apps.oa).toMatchObject({
      appid: 'wx00000000000000a1',
      secret: 'from-env',
      token: 'tok123',
    });
    expect(config.port).toBe(7100);
    expect(config.databaseUrl).toBe('postgres://postgres@db/env');
    expect(config.apps.mp2?.secret).toBe('s-mp2');
  });

  it('reads the file named by WEGATE_CONFIG or by the file option', () => {
    const dir = withFile({ ...file, port: 7200 }, 'custom.json');
    expect(loadConfig({ env: { WEGATE_CONFIG: 'custom.json' }, cwd: dir }).port).toBe(7200);
    expect(loadConfig({ env: {}, cwd: tempDir(), file: join(dir, 'custom.json') }).port).toBe(7200);
  });

  it('fails naming WEGATE_CONFIG when the named file does not exist', () => {
    expect(() => loadConfig({ env: { WEGATE_CONFIG: 'missing.json' }, cwd: tempDir() })).toThrow(
      /^WEGATE_CONFIG: file .*missing\.json does not exist$/,
    );
  });
});

describe('sandbox rule', () => {
  it('is on when no secret and no merchant id is configured', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).sandbox).toBe(true);
  });

  it('is off when only an appid is configured: the start stops naming the missing secret', () => {
    expect(() => loadConfig({ env: { WECHAT_OA_APPID: OA.WECHAT_OA_APPID }, cwd: tempDir() })).toThrow(
      'WECHAT_OA_SECRET: is required: app "oa" has an appid but no secret',
    );
  });

  it('is off when an app secret is set in the environment or the file', () => {
    expect(loadConfig({ env: { ...OA }, cwd: tempDir() }).sandbox).toBe(false);
    const cwd = withFile({ apps: { mp: { appid: 'wx00000000000000b2', secret: 'x' } } });
    expect(loadConfig({ env: {}, cwd }).sandbox).toBe(false);
  });

  it('is off when only a merchant is configured', () => {
    const env = {
      WECHAT_PAY_MCHID: '1900000001',
      WECHAT_PAY_APIV3_KEY: 'k'.repeat(32),
      WECHAT_PAY_PRIVATE_KEY: '/keys/apiclient_key.pem',
      WECHAT_PAY_CERT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    };
    const config = loadConfig({ env, cwd: tempDir() });
    expect(config.sandbox).toBe(false);
    expect(config.pay).toEqual({
      mchid: '1900000001',
      apiv3Key: env.WECHAT_PAY_APIV3_KEY,
      privateKeyPath: '/keys/apiclient_key.pem',
      certSerial: env.WECHAT_PAY_CERT_SERIAL,
    });
  });

  it('is on when WEGATE_SANDBOX=1 even with credentials, keeping the configured ones', () => {
    const config = loadConfig({ env: { ...OA, WEGATE_SANDBOX: '1' }, cwd: tempDir() });
    expect(config.sandbox).toBe(true);
    expect(config.apps.oa).toMatchObject({ appid: OA.WECHAT_OA_APPID, secret: OA.WECHAT_OA_SECRET });
    expect(config.apps.mp?.appid).toMatch(/^wx[0-9a-f]{16}$/);
  });

  it('is off when WEGATE_SANDBOX=0 even without credentials', () => {
    const config = loadConfig({ env: { WEGATE_SANDBOX: '0' }, cwd: tempDir() });
    expect(config.sandbox).toBe(false);
    expect(config.apps).toEqual({});
  });
});
