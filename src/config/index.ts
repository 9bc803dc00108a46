/** @module Configuration: loadConfig() reads env + wegate.config.json into one validated WegateConfig. */
export type * from './config.types.js';
export { loadConfig, isSandbox, type LoadConfigOptions } from './load-config.js';
export { describeConfig, REDACTED } from './describe-config.js';
export { ensureSandboxIdentities, SANDBOX_FILE, type SandboxFile } from './ensure-sandbox-identities.js';
export { ENV_SETTINGS, type EnvSetting } from './apply-env.js';
export { DEFAULTS } from './build-config.js';
export { DEFAULT_CONFIG_FILE } from './read-config-file.js';
export { checkAesKey } from './validate-apps.js';
