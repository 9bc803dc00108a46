import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const PAY = {
  WECHAT_PAY_MCHID: '1900000001',
  WECHAT_PAY_APIV3_KEY: 'k'.repeat(32),
  WECHAT_PAY_PRIVATE_KEY: '/keys/apiclient_key.pem',
  WECHAT_PAY_CERT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(file?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-config-bad-'));
  dirs.push(dir);
  if (file !== undefined)
    writeFileSync(join(dir, 'wegate.config.json'), typeof file === 'string' ? file : JSON.stringify(file));
  return dir;
}

function failure(env: NodeJS.ProcessEnv, file?: unknown): ConfigError {
  try {
    loadConfig({ env, cwd: tempDir(file) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted the configuration');
}

const envCases: [string, NodeJS.ProcessEnv, string][] = [
  [
    'a 42-character EncodingAESKey',
    { ...OA, WECHAT_OA_AES_KEY: 'a'.repeat(42) },
    'WECHAT_OA_AES_KEY: EncodingAESKey must be 43 characters, got 42',
  ],
  [
    'an EncodingAESKey with symbols',
    { ...OA, WECHAT_OA_AES_KEY: `${'a'.repeat(42)}+` },
    'WECHAT_OA_AES_KEY: EncodingAESKey must contain only letters and digits',
  ],
  [
    'a malformed appid',
    { ...OA, WECHAT_OA_APPID: 'wx123' },
    'WECHAT_OA_APPID: appid must be "wx" followed by 16 lowercase hex characters, got "wx123"',
  ],
  [
    'an appid without a secret',
    { ...OA, WECHAT_MP_APPID: 'wxabcdef1234567890' },
    'WECHAT_MP_SECRET: is required: app "mp" has an appid but no secret',
  ],
  [
    'a secret without an appid',
    { WECHAT_OA_SECRET: 'x' },
    'WECHAT_OA_APPID: is required: app "oa" has a secret but no appid',
  ],
  [
    'a callback token with spaces',
    { ...OA, WECHAT_OA_TOKEN: 'my token' },
    'WECHAT_OA_TOKEN: callback token must be 3 to 32 letters or digits, got 8 characters',
  ],
  [
    'an unknown token mode',
    { ...OA, WECHAT_OA_TOKEN_MODE: 'fast' },
    'WECHAT_OA_TOKEN_MODE: must be one of stable, classic, got "fast"',
  ],
  [
    'an unknown message mode',
    { ...OA, WECHAT_OA_MSG_MODE: 'aes' },
    'WECHAT_OA_MSG_MODE: must be one of plain, compatible, safe, got "aes"',
  ],
  [
    'an unknown push format',
    { ...OA, WECHAT_MP_PUSH_FORMAT: 'yaml' },
    'WECHAT_MP_PUSH_FORMAT: must be one of xml, json, got "yaml"',
  ],
  ['a port that is not a number', { ...OA, PORT: 'http' }, 'PORT: must be an integer, got "http"'],
  ['a port above 65535', { ...OA, PORT: '70000' }, 'PORT: must be <= 65535, got 70000'],
  ['port 0', { ...OA, PORT: '0' }, 'PORT: must be >= 1, got 0'],
  [
    'a fractional deadline',
    { ...OA, WEGATE_CALLBACK_DEADLINE_MS: '4.5' },
    'WEGATE_CALLBACK_DEADLINE_MS: must be an integer, got "4.5"',
  ],
  [
    'a deadline past WeChat’s 5 s',
    { ...OA, WEGATE_CALLBACK_DEADLINE_MS: '6000' },
    'WEGATE_CALLBACK_DEADLINE_MS: must be below 5000 (WeChat waits 5 s), got 6000',
  ],
  [
    'a negative skew',
    { ...OA, WEGATE_CALLBACK_MAX_SKEW_S: '-1' },
    'WEGATE_CALLBACK_MAX_SKEW_S: must be >= 0, got -1',
  ],
  [
    'a MySQL DATABASE_URL',
    { ...OA, DATABASE_URL: 'mysql://root:pw@db/x' },
    'DATABASE_URL: must be a postgres:// or postgresql:// URL, got scheme "mysql:"',
  ],
  [
    'a DATABASE_URL that is not a URL',
    { ...OA, DATABASE_URL: 'wegate.db' },
    'DATABASE_URL: must be a URL (postgres:// or postgresql://…)',
  ],
  [
    'a REDIS_URL with the wrong scheme',
    { ...OA, REDIS_URL: 'http://cache:6379' },
    'REDIS_URL: must be a redis:// or rediss:// URL, got scheme "http:"',
  ],
  [
    'a WeChat host that is not a URL',
    { ...OA, WECHAT_API_BASE: 'api.weixin.qq.com' },
    'WECHAT_API_BASE: must be a URL (http:// or https://…)',
  ],
  [
    'a server URL with the wrong scheme',
    { ...OA, WEGATE_SERVER_URL: 'ftp://x' },
    'WEGATE_SERVER_URL: must be a http:// or https:// URL, got scheme "ftp:"',
  ],
  [
    'an alert webhook that is not a URL (its key is not echoed)',
    { ...OA, WEGATE_ALERT_WEBHOOK: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secretkey' },
    'WEGATE_ALERT_WEBHOOK: must be a URL (http:// or https://…)',
  ],
  [
    'field keys that are not JSON',
    { ...OA, WEGATE_FIELD_KEYS: '1=abc' },
    'WEGATE_FIELD_KEYS: must be a JSON object such as {"1":"<32 hex characters>"}, got invalid JSON',
  ],
  [
    'a field key of 30 hex characters',
    { ...OA, WEGATE_FIELD_KEYS: `{"1":"${'a'.repeat(30)}"}` },
    'WEGATE_FIELD_KEYS: key 1 must be 32 hex characters',
  ],
  [
    'a field key version that is not a number',
    { ...OA, WEGATE_FIELD_KEYS: `{"v1":"${'a'.repeat(32)}"}` },
    'WEGATE_FIELD_KEYS: key version "v1" must be a number',
  ],
  [
    'a field key that is not a string',
    { ...OA, WEGATE_FIELD_KEYS: '{"1":5}' },
    'WEGATE_FIELD_KEYS: must be string',
  ],
  [
    'a short JWT secret',
    { ...OA, WEGATE_JWT_SECRET: 'short' },
    'WEGATE_JWT_SECRET: must be at least 32 characters, got 5',
  ],
  [
    'a WEGATE_SANDBOX that is not 0 or 1',
    { WEGATE_SANDBOX: 'yes' },
    'WEGATE_SANDBOX: must be 1 or 0, got "yes"',
  ],
  [
    'a non-numeric merchant id',
    { ...PAY, WECHAT_PAY_MCHID: 'merchant' },
    'WECHAT_PAY_MCHID: merchant id must be digits, got "merchant"',
  ],
  [
    'an APIv3 key of 16 bytes',
    { ...PAY, WECHAT_PAY_APIV3_KEY: 'k'.repeat(16) },
    'WECHAT_PAY_APIV3_KEY: APIv3 key must be 32 bytes, got 16',
  ],
  [
    'a merchant without a private key',
    { ...PAY, WECHAT_PAY_PRIVATE_KEY: '' },
    'WECHAT_PAY_PRIVATE_KEY: is required when WeChat Pay is configured',
  ],
  [
    'pay settings without a merchant id',
    { ...OA, WECHAT_PAY_APIV3_KEY: 'k'.repeat(32) },
    'WECHAT_PAY_MCHID: is required when other WeChat Pay settings are set',
  ],
  [
    'a notify URL that is not a URL',
    { ...PAY, WECHAT_PAY_NOTIFY_URL: '/pay/notify' },
    'WECHAT_PAY_NOTIFY_URL: must be a URL (http:// or https://…)',
  ],
];

describe('loadConfig rejects bad environment values with one line naming the variable', () => {
  it.each(envCases)('%s', (_name, env, message) => {
    const error = failure(env);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(error.setting).toBe(message.slice(0, message.indexOf(':')));
  });

  it('never echoes a secret value in the message', () => {
    const error = failure({ ...OA, WEGATE_FIELD_KEYS: '{"1":"secretsecretsecret"}' });
    expect(error.message).not.toContain('secretsecretsecret');
  });
});

const fileCases: [string, unknown, string][] = [
  ['JSON that does not parse', '{"apps": }', 'wegate.config.json: is not valid JSON'],
  ['a JSON array', '[]', 'wegate.config.json: must contain a JSON object'],
  ['an unknown top-level key', { prot: 8080 }, 'wegate.config.json:prot: is not a known setting'],
  [
    'an unknown app key',
    { apps: { oa: { appId: 'wx' } } },
    'wegate.config.json:apps.oa.appId: is not a known setting',
  ],
  ['a port given as a string', { port: '8080' }, 'wegate.config.json:port: must be integer'],
  [
    'an app without a type',
    { apps: { shop: { appid: 'wx00000000000000a1', secret: 's' } } },
    'wegate.config.json:apps.shop.type: is required for app "shop" (official-account or mini-program)',
  ],
  [
    'an upper-case app name',
    { apps: { Shop: { type: 'mini-program', appid: 'wx00000000000000a1', secret: 's' } } },
    'wegate.config.json:apps.Shop: app names must be lowercase letters, digits, "-" or "_"',
  ],
  [
    'an unknown app type',
    { apps: { oa: { type: 'game', appid: 'wx00000000000000a1', secret: 's' } } },
    'wegate.config.json:apps.oa.type: must be one of official-account, mini-program, got "game"',
  ],
  [
    'a short aesKey in the file',
    { apps: { oa: { appid: 'wx00000000000000a1', secret: 's', aesKey: 'abc' } } },
    'wegate.config.json:apps.oa.aesKey: EncodingAESKey must be 43 characters, got 3',
  ],
  ['apps that is not an object', { apps: 5 }, 'wegate.config.json:apps: must be object'],
  [
    'an empty appid',
    { apps: { oa: { appid: '', secret: 's' } } },
    'wegate.config.json:apps.oa.appid: must not be empty',
  ],
];

describe('loadConfig rejects bad file values naming the file and key', () => {
  it.each(fileCases)('%s', (_name, file, message) => {
    const error = failure({}, file);
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('names the environment variable when env replaces a bad file value with another bad one', () => {
    const file = { apps: { oa: { appid: 'wx00000000000000a1', secret: 's', aesKey: 'abc' } } };
    expect(failure({ WECHAT_OA_AES_KEY: 'abcd' }, file).message).toBe(
      'WECHAT_OA_AES_KEY: EncodingAESKey must be 43 characters, got 4',
    );
  });

  it('names the file key of a missing secret when the app is configured in the file', () => {
    const file = { apps: { mp: { appid: 'wx00000000000000b2' } } };
    expect(failure({ ...OA }, file).message).toBe(
      'wegate.config.json:apps.mp.secret: is required: app "mp" has an appid but no secret',
    );
  });

  it('fails naming the file key when env sets a value under a non-object', () => {
    expect(failure({ WECHAT_OA_APPID: 'wx1234567890abcdef' }, { apps: 'none' }).message).toBe(
      'wegate.config.json:apps: must be an object',
    );
  });
});
