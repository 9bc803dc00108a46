/** @module loadConfig(): env + wegate.config.json → one validated WegateConfig, or a ConfigError naming the setting. */
import { resolve } from 'node:path';
import type { WegateConfig } from './config.types.js';
import type { RawConfig } from './config-schema.js';
import { applyEnv, ENV_NAMES } from './apply-env.js';
import { buildConfig, DEFAULTS } from './build-config.js';
import { ensureSandboxIdentities } from './ensure-sandbox-identities.js';
import { readConfigFile } from './read-config-file.js';
import { createSettingNames } from './setting-names.js';
import { validateApps } from './validate-apps.js';
import { validateSchema } from './validate-schema.js';
import { validateSettings } from './validate-settings.js';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Where wegate.config.json is looked for and relative paths (dataDir) are resolved. */
  cwd?: string;
  /** Config file to read instead of `WEGATE_CONFIG` or `<cwd>/wegate.config.json`; must exist. */
  file?: string;
}

/**
 * Sandbox when asked for (WEGATE_SANDBOX=1), or when nothing of a production is named: no app setting
 * (WECHAT_OA_*, WECHAT_MP_*, an app in the file), no pay setting, no DATABASE_URL, no REDIS_URL. A
 * half-configured production (an appid without its secret, say) is production, and its validation stops
 * the start naming what is missing: it never falls back to a sandbox with an open control API.
 */
export function isSandbox(raw: RawConfig): boolean {
  if (raw.sandbox !== undefined) return raw.sandbox;
  const anyApp = Object.keys(raw.apps ?? {}).length > 0;
  const anyPay = Object.keys(raw.pay ?? {}).length > 0;
  return !anyApp && !anyPay && raw.databaseUrl === undefined && raw.redisUrl === undefined;
}

/**
 * Read, merge (env wins), validate and default the configuration. In sandbox mode the missing identities
 * are generated and kept in `<dataDir>/sandbox.json` (see ensureSandboxIdentities), so this may write there.
 */
export function loadConfig(options: LoadConfigOptions = {}): WegateConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = readConfigFile({ env, cwd, ...(options.file !== undefined ? { file: options.file } : {}) });
  const names = createSettingNames({ label: file.label, file: file.raw, envNames: ENV_NAMES });
  const raw: Record<string, unknown> = structuredClone(file.raw);
  applyEnv(raw, env, names);
  validateSchema(raw, names);
  const sandbox = isSandbox(raw);
  validateApps(raw, names, sandbox);
  validateSettings(raw, names, sandbox);
  const dataDir = resolve(cwd, raw.dataDir ?? DEFAULTS.dataDir);
  const config = buildConfig(sandbox ? ensureSandboxIdentities(raw, dataDir) : raw, { sandbox, dataDir });
  return file.path === undefined ? config : { ...config, configFile: file.path };
}
