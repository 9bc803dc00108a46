/** @module Semantic checks of the configured apps: names, appid shape, secret pairing, token, EncodingAESKey. */
import { ConfigError } from './config-error.js';
import type { RawApp, RawConfig } from './config-schema.js';
import type { SettingNames } from './setting-names.js';

const APP_NAME = /^[a-z][a-z0-9_-]*$/;
const APPID = /^wx[0-9a-f]{16}$/;
// The admin console accepts 3–32 letters or digits as the callback Token.
const CALLBACK_TOKEN = /^[A-Za-z0-9]{3,32}$/;
const AES_KEY_LENGTH = 43;

/** Apps `oa` and `mp` have an implied type; any other app must name its own. */
export const DEFAULT_APP_TYPES: Readonly<Record<string, RawApp['type']>> = {
  oa: 'official-account',
  mp: 'mini-program',
};

/** EncodingAESKey: 43 characters of [A-Za-z0-9] that base64-decode (with "=") to 32 bytes. */
export function checkAesKey(setting: string, aesKey: string): void {
  if (aesKey.length !== AES_KEY_LENGTH) {
    throw new ConfigError(
      setting,
      `EncodingAESKey must be ${AES_KEY_LENGTH} characters, got ${aesKey.length}`,
    );
  }
  if (!/^[A-Za-z0-9]+$/.test(aesKey)) {
    throw new ConfigError(setting, 'EncodingAESKey must contain only letters and digits');
  }
  const bytes = Buffer.from(`${aesKey}=`, 'base64').length;
  if (bytes !== 32) throw new ConfigError(setting, `EncodingAESKey must decode to 32 bytes, got ${bytes}`);
}

function checkPairing(name: string, app: RawApp, names: SettingNames, sandbox: boolean): void {
  const at = (key: string) => names.of(`apps.${name}.${key}`);
  if (app.secret !== undefined && app.appid === undefined) {
    throw new ConfigError(at('appid'), `is required: app "${name}" has a secret but no appid`);
  }
  // In sandbox mode the missing values are generated; in production they cannot be guessed.
  if (sandbox) return;
  if (app.appid === undefined) throw new ConfigError(at('appid'), `is required for app "${name}"`);
  if (app.secret === undefined)
    throw new ConfigError(at('secret'), `is required: app "${name}" has an appid but no secret`);
}

function checkApp(name: string, app: RawApp, names: SettingNames, sandbox: boolean): void {
  const at = (key: string) => names.of(`apps.${name}.${key}`);
  if (!APP_NAME.test(name)) {
    throw new ConfigError(
      names.of(`apps.${name}`),
      'app names must be lowercase letters, digits, "-" or "_"',
    );
  }
  if (app.type === undefined && DEFAULT_APP_TYPES[name] === undefined) {
    throw new ConfigError(at('type'), `is required for app "${name}" (official-account or mini-program)`);
  }
  checkPairing(name, app, names, sandbox);
  if (app.appid !== undefined && !APPID.test(app.appid)) {
    throw new ConfigError(
      at('appid'),
      `appid must be "wx" followed by 16 lowercase hex characters, got "${app.appid}"`,
    );
  }
  if (app.token !== undefined && !CALLBACK_TOKEN.test(app.token)) {
    throw new ConfigError(
      at('token'),
      `callback token must be 3 to 32 letters or digits, got ${app.token.length} characters`,
    );
  }
  if (app.aesKey !== undefined) checkAesKey(at('aesKey'), app.aesKey);
  // An encrypted mode without the key could only refuse every push; say so at start instead.
  if (app.msgMode !== undefined && app.msgMode !== 'plain' && app.aesKey === undefined) {
    throw new ConfigError(at('msgMode'), `${app.msgMode} mode needs the app's EncodingAESKey (aesKey)`);
  }
}

/** Check every configured app; `sandbox` allows missing appid/secret (they are generated). */
export function validateApps(raw: RawConfig, names: SettingNames, sandbox: boolean): void {
  for (const [name, app] of Object.entries(raw.apps ?? {})) checkApp(name, app, names, sandbox);
}
