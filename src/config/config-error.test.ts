import { describe, expect, it } from 'vitest';
import { isWeChatError, type WeChatError } from '../kernel/errors/index.js';
import { ConfigError } from './config-error.js';

describe('ConfigError', () => {
  it('names the setting in its message and keeps the stable code and the cause', () => {
    const cause = new Error('ENOENT');
    const error = new ConfigError('WEGATE_DATA_DIR', 'is not writable', { cause });
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'WEGATE_CONFIG_INVALID',
      setting: 'WEGATE_DATA_DIR',
      message: 'WEGATE_DATA_DIR: is not writable',
      cause,
    });
    expect(new ConfigError('X', 'bad')).not.toHaveProperty('cause');
  });

  it('is a wegate error for isWeChatError and the WeChatError type, though config sits below the kernel', () => {
    const error: WeChatError = new ConfigError('WEGATE_JWT_SECRET', 'is required');
    expect(isWeChatError(error)).toBe(true);
    expect(isWeChatError(new Error('WEGATE_JWT_SECRET: is required'))).toBe(false);
    expect(error.code).toBe('WEGATE_CONFIG_INVALID');
  });
});
