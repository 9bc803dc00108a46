import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDirs } from '../../test/helpers/config-dirs.js';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const { tempDir, failure } = configDirs('wegate-config-limits-');

describe('limits and audit settings', () => {
  it('read limits by route class from the file and remember the file to re-read them', () => {
    const limits = { 'auth.login': { perUser: { max: 5, windowS: 60 }, perIp: { max: 20, windowS: 60 } } };
    const cwd = tempDir({ limits, limitsFailMode: 'closed' });
    const config = loadConfig({ env: { ...OA }, cwd });
    expect(config.limits).toEqual(limits);
    expect(config.limitsFailMode).toBe('closed');
    expect(config.configFile).toBe(join(cwd, 'wegate.config.json'));
  });

  it('read WEGATE_AUDIT_RETENTION_DAYS and WEGATE_LIMITS_FAIL_MODE', () => {
    const env = { ...OA, WEGATE_AUDIT_RETENTION_DAYS: '180', WEGATE_LIMITS_FAIL_MODE: 'open' };
    const config = loadConfig({ env, cwd: tempDir() });
    expect(config.audit).toEqual({ retentionDays: 180 });
    expect(config.limitsFailMode).toBe('open');
    expect(config.configFile).toBeUndefined();
  });

  it('refuse a limit without a window, a zero max and an unknown fail mode, naming the setting', () => {
    expect(failure({ ...OA }, { limits: { gateway: { perIp: { max: 5 } } } })).toMatch(/limits/);
    expect(failure({ ...OA }, { limits: { gateway: { perIp: { max: 0, windowS: 1 } } } })).toMatch(/limits/);
    expect(failure({ ...OA, WEGATE_LIMITS_FAIL_MODE: 'maybe' })).toMatch(/WEGATE_LIMITS_FAIL_MODE/);
    expect(failure({ ...OA, WEGATE_AUDIT_RETENTION_DAYS: '0' })).toMatch(/WEGATE_AUDIT_RETENTION_DAYS/);
  });
});
