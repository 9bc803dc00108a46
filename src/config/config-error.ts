/** @module ConfigError: configuration is missing or invalid. Lives in config, which imports nothing else of ours. */

/**
 * The brand of every wegate error, which the kernel's WeChatError carries and isWeChatError() checks
 * (Symbol.for, so it holds across two copies of the package). Declared here, at the bottom of the layers.
 */
export const WEGATE_ERROR_BRAND: unique symbol = Symbol.for('wegate.error');

/**
 * Configuration is missing or invalid; `setting` names the variable. Not a subclass of the kernel's
 * WeChatError (config sits below the kernel) but branded like one: isWeChatError() and the error
 * catalogue treat it as the `WEGATE_CONFIG_INVALID` member of the family.
 */
export class ConfigError extends Error {
  readonly [WEGATE_ERROR_BRAND] = true;
  readonly code = 'WEGATE_CONFIG_INVALID' as const;

  constructor(
    readonly setting: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${setting}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}
