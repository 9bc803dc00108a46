/** @module Semantic checks of pay, URLs, our own secrets and callback limits. */
import { ConfigError } from './config-error.js';
import type { RawConfig } from './config-schema.js';
import { checkRedirectPaths } from './redirect-paths.js';
import type { SettingNames } from './setting-names.js';
import { checkNetwork } from './validate-network.js';

const HTTP = ['http:', 'https:'];
const REDIS = ['redis:', 'rediss:'];
const POSTGRES = ['postgres:', 'postgresql:'];
// WeChat waits 5 s for a passive reply; a later answer is as good as none.
const WECHAT_REPLY_WINDOW_MS = 5000;

/** Only the scheme is echoed: URLs can carry passwords. */
function checkUrl(setting: string, value: string | undefined, schemes: string[]): void {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(setting, `must be a URL (${schemes.map((s) => `${s}//`).join(' or ')}…)`);
  }
  if (!schemes.includes(url.protocol)) {
    const wanted = schemes.map((s) => `${s}//`).join(' or ');
    throw new ConfigError(setting, `must be a ${wanted} URL, got scheme "${url.protocol}"`);
  }
}

function checkUrls(raw: RawConfig, names: SettingNames): void {
  for (const key of ['api', 'payApi', 'open', 'mpWeb'] as const) {
    checkUrl(names.of(`hosts.${key}`), raw.hosts?.[key], HTTP);
  }
  checkUrl(names.of('serverUrl'), raw.serverUrl, HTTP);
  checkUrl(names.of('pay.notifyUrl'), raw.pay?.notifyUrl, HTTP);
  checkUrl(names.of('redisUrl'), raw.redisUrl, REDIS);
  checkUrl(names.of('databaseUrl'), raw.databaseUrl, POSTGRES);
  checkUrl(names.of('alerts.webhook'), raw.alerts?.webhook, HTTP);
}

function checkPay(raw: RawConfig, names: SettingNames, sandbox: boolean): void {
  const pay = raw.pay;
  if (pay === undefined || Object.keys(pay).length === 0) return;
  const at = (key: string) => names.of(`pay.${key}`);
  if (pay.mchid === undefined)
    throw new ConfigError(at('mchid'), 'is required when other WeChat Pay settings are set');
  if (!/^[0-9]{6,32}$/.test(pay.mchid))
    throw new ConfigError(at('mchid'), `merchant id must be digits, got "${pay.mchid}"`);
  if (pay.apiv3Key !== undefined && Buffer.byteLength(pay.apiv3Key) !== 32) {
    throw new ConfigError(
      at('apiv3Key'),
      `APIv3 key must be 32 bytes, got ${Buffer.byteLength(pay.apiv3Key)}`,
    );
  }
  if (pay.certSerial !== undefined && !/^[0-9A-Fa-f]{8,64}$/.test(pay.certSerial)) {
    throw new ConfigError(at('certSerial'), 'certificate serial must be hex digits');
  }
  if (sandbox) return;
  for (const key of ['apiv3Key', 'privateKeyPath', 'certSerial'] as const) {
    if (pay[key] === undefined) throw new ConfigError(at(key), 'is required when WeChat Pay is configured');
  }
}

function checkSecrets(raw: RawConfig, names: SettingNames): void {
  const setting = names.of('secrets.fieldKeys');
  for (const [version, key] of Object.entries(raw.secrets?.fieldKeys ?? {})) {
    if (!/^[0-9]+$/.test(version))
      throw new ConfigError(setting, `key version "${version}" must be a number`);
    if (!/^[0-9a-fA-F]{32}$/.test(key))
      throw new ConfigError(setting, `key ${version} must be 32 hex characters`);
  }
  const jwt = raw.secrets?.jwtSecret;
  if (jwt !== undefined && jwt.length < 32) {
    throw new ConfigError(names.of('secrets.jwtSecret'), `must be at least 32 characters, got ${jwt.length}`);
  }
}

function checkCallback(raw: RawConfig, names: SettingNames): void {
  const deadline = raw.callback?.deadlineMs;
  if (deadline !== undefined && deadline >= WECHAT_REPLY_WINDOW_MS) {
    throw new ConfigError(
      names.of('callback.deadlineMs'),
      `must be below ${WECHAT_REPLY_WINDOW_MS} (WeChat waits 5 s), got ${deadline}`,
    );
  }
}

/** Everything beyond the apps; `sandbox` lets a partly configured merchant through (it is completed). */
export function validateSettings(raw: RawConfig, names: SettingNames, sandbox: boolean): void {
  checkUrls(raw, names);
  checkPay(raw, names, sandbox);
  checkSecrets(raw, names);
  checkCallback(raw, names);
  if (raw.oauth?.redirectPaths) checkRedirectPaths(names.of('oauth.redirectPaths'), raw.oauth.redirectPaths);
  checkNetwork(raw, names);
}
