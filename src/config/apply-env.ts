/** @module Environment variables mapped onto the wegate.config.json shape; env wins over the file. */
import { ConfigError } from './config-error.js';
import type { SettingNames } from './setting-names.js';

type Kind = 'string' | 'int' | 'number' | 'bool' | 'json' | 'list';

export interface EnvSetting {
  readonly env: string;
  /** Dotted path in the file shape. */
  readonly path: string;
  readonly kind: Kind;
}

const s = (env: string, path: string, kind: Kind = 'string'): EnvSetting => ({ env, path, kind });

function appSettings(prefix: 'OA' | 'MP', app: 'oa' | 'mp'): EnvSetting[] {
  return [
    s(`WECHAT_${prefix}_APPID`, `apps.${app}.appid`),
    s(`WECHAT_${prefix}_SECRET`, `apps.${app}.secret`),
    s(`WECHAT_${prefix}_TOKEN`, `apps.${app}.token`),
    s(`WECHAT_${prefix}_AES_KEY`, `apps.${app}.aesKey`),
    s(`WECHAT_${prefix}_TOKEN_MODE`, `apps.${app}.tokenMode`),
  ];
}

/** Every environment variable loadConfig reads, and where it lands. */
export const ENV_SETTINGS: readonly EnvSetting[] = [
  ...appSettings('OA', 'oa'),
  s('WECHAT_OA_MSG_MODE', 'apps.oa.msgMode'),
  ...appSettings('MP', 'mp'),
  s('WECHAT_MP_MSG_MODE', 'apps.mp.msgMode'),
  s('WECHAT_MP_PUSH_FORMAT', 'apps.mp.pushFormat'),
  s('WECHAT_PAY_MCHID', 'pay.mchid'),
  s('WECHAT_PAY_APIV3_KEY', 'pay.apiv3Key'),
  s('WECHAT_PAY_PRIVATE_KEY', 'pay.privateKeyPath'),
  s('WECHAT_PAY_CERT_SERIAL', 'pay.certSerial'),
  s('WECHAT_PAY_PUBLIC_KEY', 'pay.publicKeyPath'),
  s('WECHAT_PAY_PUBLIC_KEY_ID', 'pay.publicKeyId'),
  s('WECHAT_PAY_NOTIFY_URL', 'pay.notifyUrl'),
  s('WECHAT_CLOUD_ENV', 'cloudEnv'),
  s('DATABASE_URL', 'databaseUrl'),
  s('REDIS_URL', 'redisUrl'),
  s('WEGATE_REDIS_PREFIX', 'redisPrefix'),
  s('WEGATE_DATA_DIR', 'dataDir'),
  s('WEGATE_SANDBOX', 'sandbox', 'bool'),
  s('WEGATE_JWT_SECRET', 'secrets.jwtSecret'),
  s('WEGATE_FIELD_KEYS', 'secrets.fieldKeys', 'json'),
  s('WEGATE_GATEWAY_KEY', 'secrets.gatewayKey'),
  s('WEGATE_ADMIN_KEY', 'secrets.adminKey'),
  s('WEGATE_GATEWAY_RATE', 'gateway.ratePerSecond', 'int'),
  s('WEGATE_OAUTH_REDIRECT_PATHS', 'oauth.redirectPaths', 'list'),
  s('WEGATE_TRUST_PROXY', 'network.trustProxy'),
  s('WEGATE_REQUEST_TIMEOUT_MS', 'network.requestTimeoutMs', 'int'),
  s('WEGATE_HEADERS_TIMEOUT_MS', 'network.headersTimeoutMs', 'int'),
  s('WEGATE_KEEP_ALIVE_TIMEOUT_MS', 'network.keepAliveTimeoutMs', 'int'),
  s('WEGATE_MAX_CONNECTIONS', 'network.maxConnections', 'int'),
  s('WEGATE_EMULATOR_PUBLIC', 'emulatorPublic', 'bool'),
  s('WEGATE_PLUGINS', 'plugins', 'list'),
  s('WEGATE_REALTIME_DEFLATE_BYTES', 'realtime.deflateAboveBytes', 'int'),
  s('LOG_FORMAT', 'logFormat'),
  s('WEGATE_ALERT_WEBHOOK', 'alerts.webhook'),
  s('WEGATE_ALERT_FORMAT', 'alerts.format'),
  s('WEGATE_LIMITS_FAIL_MODE', 'limitsFailMode'),
  s('WEGATE_AUDIT_RETENTION_DAYS', 'audit.retentionDays', 'int'),
  s('WEGATE_RETENTION_DAYS', 'retention.days', 'number'),
  s('WEGATE_CALLBACK_MAX_SKEW_S', 'callback.maxSkewS', 'int'),
  s('WEGATE_CALLBACK_DEADLINE_MS', 'callback.deadlineMs', 'int'),
  s('WECHAT_API_BASE', 'hosts.api'),
  s('WECHAT_PAY_API_BASE', 'hosts.payApi'),
  s('WECHAT_OPEN_BASE', 'hosts.open'),
  s('WECHAT_MP_WEB_BASE', 'hosts.mpWeb'),
  s('WEGATE_SERVER_URL', 'serverUrl'),
  s('PORT', 'port', 'int'),
  s('HOST', 'host'),
];

/** Dotted path → the environment variable that sets it. */
export const ENV_NAMES: ReadonlyMap<string, string> = new Map(ENV_SETTINGS.map((e) => [e.path, e.env]));

function convert(setting: EnvSetting, text: string): unknown {
  switch (setting.kind) {
    case 'int':
      if (!/^-?[0-9]+$/.test(text.trim()))
        throw new ConfigError(setting.env, `must be an integer, got "${text}"`);
      return Number(text);
    case 'number':
      if (!/^[0-9]+(\.[0-9]+)?$/.test(text.trim()))
        throw new ConfigError(setting.env, `must be a number such as 30 or 0.5, got "${text}"`);
      return Number(text);
    case 'bool':
      if (['1', 'true'].includes(text)) return true;
      if (['0', 'false'].includes(text)) return false;
      throw new ConfigError(setting.env, `must be 1 or 0, got "${text}"`);
    case 'json':
      return parseJsonObject(setting.env, text);
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return text;
  }
}

// The value may hold keys: the error never echoes it.
function parseJsonObject(name: string, text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(
      name,
      'must be a JSON object such as {"1":"<32 hex characters>"}, got invalid JSON',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(name, 'must be a JSON object such as {"1":"<32 hex characters>"}');
  }
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Set dotted `path` in `target`; a non-object met on the way is a file error named by `names`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown, names: SettingNames): void {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((key, i) => {
    const next = node[key] ?? {};
    if (!isRecord(next)) throw new ConfigError(names.of(keys.slice(0, i + 1).join('.')), 'must be an object');
    node[key] = next;
    node = next;
  });
  node[keys[keys.length - 1] as string] = value;
}

/** Overlay the set (non-empty) environment variables on `raw` in place, recording their names. */
export function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, names: SettingNames): void {
  for (const setting of ENV_SETTINGS) {
    const text = env[setting.env];
    // Empty counts as unset: compose files and CI often export NAME= for optional settings.
    if (text === undefined || text === '') continue;
    setPath(raw, setting.path, convert(setting, text), names);
    names.fromEnv(setting.path, setting.env);
  }
}
