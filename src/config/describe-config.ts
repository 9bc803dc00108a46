/** @module describeConfig(): a summary of the configuration that is safe to log. */
import type { AppConfig, WegateConfig } from './config.types.js';

export const REDACTED = '[redacted]';

const redactIfSet = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : REDACTED;

/** Keep scheme, host, port and path of a URL; drop credentials and query. */
function safeUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.password) url.password = REDACTED;
    url.search = '';
    return url.toString();
  } catch {
    return REDACTED;
  }
}

function describeApp(app: AppConfig): Record<string, unknown> {
  return {
    ...app,
    secret: REDACTED,
    token: redactIfSet(app.token),
    aesKey: redactIfSet(app.aesKey),
  };
}

/** Every secret, key, token and URL password is replaced by "[redacted]"; ids and paths are kept. */
export function describeConfig(config: WegateConfig): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: safeUrl(config.databaseUrl),
    redisUrl: safeUrl(config.redisUrl),
    apps: Object.fromEntries(Object.entries(config.apps).map(([name, app]) => [name, describeApp(app)])),
    pay: config.pay ? { ...config.pay, apiv3Key: REDACTED } : undefined,
    // A robot webhook's URL is its credential (the key or access_token is in it).
    alerts: config.alerts ? { ...config.alerts, webhook: redactIfSet(config.alerts.webhook) } : undefined,
    secrets: {
      jwtSecret: redactIfSet(config.secrets.jwtSecret),
      fieldKeys: Object.fromEntries(Object.keys(config.secrets.fieldKeys).map((v) => [v, REDACTED])),
      gatewayKey: redactIfSet(config.secrets.gatewayKey),
      adminKey: redactIfSet(config.secrets.adminKey),
    },
  };
}
