/** @module Turn a validated raw config into the typed WegateConfig, applying defaults. */
import { ConfigError } from './config-error.js';
import type { AppConfig, NetworkConfig, PayConfig, WegateConfig } from './config.types.js';
import type { RawApp, RawConfig } from './config-schema.js';
import { DEFAULT_REDIRECT_PATHS, checkRedirectPaths } from './redirect-paths.js';
import { DEFAULT_APP_TYPES } from './validate-apps.js';
import { NETWORK_DEFAULTS, parseTrustProxy } from './validate-network.js';

export const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  // A sandbox (generated keys, open emulator) is a development tool: reachable from this machine only.
  sandboxHost: '127.0.0.1',
  dataDir: './data',
  serverUrl: 'http://127.0.0.1:8080',
  hosts: {
    api: 'https://api.weixin.qq.com',
    payApi: 'https://api.mch.weixin.qq.com',
    open: 'https://open.weixin.qq.com',
    mpWeb: 'https://mp.weixin.qq.com',
  },
  // The timestamp window is on in production (a captured push replays only within it) and off in
  // sandbox, whose movable clock may stamp pushes hours away from the server's.
  callback: { maxSkewS: 300, sandboxMaxSkewS: 0, deadlineMs: 4500, maxBodyBytes: 1024 * 1024 },
  // WeChat's largest media upload is a 10 MB video; the rest is multipart framing.
  gateway: { ratePerSecond: 1000, maxBodyBytes: 12 * 1024 * 1024 },
} as const;

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

// Validation guarantees these; the check keeps the types honest if a caller skips it.
function required(value: string | undefined, setting: string): string {
  if (value === undefined) throw new ConfigError(setting, 'is required');
  return value;
}

function buildApp(name: string, app: RawApp): AppConfig {
  const type = app.type ?? DEFAULT_APP_TYPES[name];
  return {
    name,
    type: type ?? 'official-account',
    appid: required(app.appid, `apps.${name}.appid`),
    secret: required(app.secret, `apps.${name}.secret`),
    ...(app.token !== undefined ? { token: app.token } : {}),
    ...(app.aesKey !== undefined ? { aesKey: app.aesKey } : {}),
    tokenMode: app.tokenMode ?? 'stable',
    msgMode: app.msgMode ?? (app.aesKey !== undefined ? 'safe' : 'plain'),
    pushFormat: app.pushFormat ?? 'xml',
  };
}

function buildPay(pay: RawConfig['pay']): PayConfig | undefined {
  if (pay?.mchid === undefined) return undefined;
  const optional = (['publicKeyPath', 'publicKeyId', 'notifyUrl'] as const).filter(
    (k) => pay[k] !== undefined,
  );
  return {
    mchid: pay.mchid,
    apiv3Key: required(pay.apiv3Key, 'pay.apiv3Key'),
    privateKeyPath: required(pay.privateKeyPath, 'pay.privateKeyPath'),
    certSerial: required(pay.certSerial, 'pay.certSerial'),
    ...Object.fromEntries(optional.map((k) => [k, pay[k]])),
  };
}

/** Where and how the server listens: HOST (loopback in sandbox), its limits, the emulator's reach. */
function buildDoors(
  raw: RawConfig,
  sandbox: boolean,
): Pick<WegateConfig, 'host' | 'network' | 'emulatorPublic'> {
  const network: NetworkConfig = {
    ...NETWORK_DEFAULTS,
    ...raw.network,
    trustProxy: parseTrustProxy(raw.network?.trustProxy),
  };
  return {
    host: raw.host ?? (sandbox ? DEFAULTS.sandboxHost : DEFAULTS.host),
    network,
    emulatorPublic: raw.emulatorPublic ?? false,
  };
}

function optionalStrings(raw: RawConfig): Partial<WegateConfig> {
  return {
    ...(raw.databaseUrl !== undefined ? { databaseUrl: raw.databaseUrl } : {}),
    ...(raw.redisUrl !== undefined ? { redisUrl: raw.redisUrl } : {}),
    ...(raw.redisPrefix !== undefined ? { redisPrefix: raw.redisPrefix } : {}),
    ...(raw.cloudEnv !== undefined ? { cloudEnv: raw.cloudEnv } : {}),
    ...(raw.plugins !== undefined && raw.plugins.length > 0 ? { plugins: raw.plugins } : {}),
    ...(raw.logFormat !== undefined ? { logFormat: raw.logFormat } : {}),
    ...(raw.alerts !== undefined ? { alerts: raw.alerts } : {}),
    ...(raw.limits !== undefined ? { limits: raw.limits } : {}),
    ...(raw.limitsFailMode !== undefined ? { limitsFailMode: raw.limitsFailMode } : {}),
    ...(raw.audit !== undefined ? { audit: raw.audit } : {}),
    ...(raw.retention !== undefined ? { retention: raw.retention } : {}),
  };
}

/** `dataDir` is already resolved against cwd; `sandbox` is the decided mode. */
export function buildConfig(raw: RawConfig, resolved: { sandbox: boolean; dataDir: string }): WegateConfig {
  const apps = Object.fromEntries(
    Object.entries(raw.apps ?? {}).map(([name, app]) => [name, buildApp(name, app)]),
  );
  const pay = buildPay(raw.pay);
  const hosts = { ...DEFAULTS.hosts, ...raw.hosts };
  return {
    sandbox: resolved.sandbox,
    port: raw.port ?? DEFAULTS.port,
    ...buildDoors(raw, resolved.sandbox),
    dataDir: resolved.dataDir,
    ...optionalStrings(raw),
    apps,
    ...(pay ? { pay } : {}),
    secrets: {
      ...(raw.secrets?.jwtSecret !== undefined ? { jwtSecret: raw.secrets.jwtSecret } : {}),
      fieldKeys: { ...raw.secrets?.fieldKeys },
      ...(raw.secrets?.gatewayKey !== undefined ? { gatewayKey: raw.secrets.gatewayKey } : {}),
      ...(raw.secrets?.adminKey !== undefined ? { adminKey: raw.secrets.adminKey } : {}),
    },
    callback: {
      maxSkewS: resolved.sandbox ? DEFAULTS.callback.sandboxMaxSkewS : DEFAULTS.callback.maxSkewS,
      deadlineMs: DEFAULTS.callback.deadlineMs,
      maxBodyBytes: DEFAULTS.callback.maxBodyBytes,
      ...raw.callback,
    },
    gateway: { ...DEFAULTS.gateway, ...raw.gateway },
    ...realtimeSettings(raw),
    hosts: {
      api: trimSlash(hosts.api),
      payApi: trimSlash(hosts.payApi),
      open: trimSlash(hosts.open),
      mpWeb: trimSlash(hosts.mpWeb),
    },
    serverUrl: trimSlash(raw.serverUrl ?? DEFAULTS.serverUrl),
    oauth: {
      redirectPaths: checkRedirectPaths(
        'oauth.redirectPaths',
        raw.oauth?.redirectPaths ?? DEFAULT_REDIRECT_PATHS,
      ),
    },
  };
}

/** `/api/realtime/*` settings, only when the file or the environment names one. */
function realtimeSettings(raw: RawConfig): Pick<WegateConfig, 'realtime'> {
  return raw.realtime ? { realtime: { ...raw.realtime } } : {};
}
