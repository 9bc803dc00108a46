import { describe, expect, it } from 'vitest';
import { configDirs } from '../../test/helpers/config-dirs.js';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const { tempDir, failure } = configDirs('wegate-config-retention-');

describe('retention settings', () => {
  it('read days per kind from the file, WEGATE_RETENTION_DAYS (fractions allowed) overriding its default', () => {
    const retention = { days: 30, jobs: 7, payNotifications: 90, intervalMinutes: 5, batchSize: 500 };
    const cwd = tempDir({ retention });
    expect(loadConfig({ env: { ...OA }, cwd }).retention).toEqual(retention);
    const env = { ...OA, WEGATE_RETENTION_DAYS: '0.01' };
    expect(loadConfig({ env, cwd }).retention).toEqual({ ...retention, days: 0.01 });
    expect(loadConfig({ env: { ...OA }, cwd: tempDir() }).retention).toBeUndefined();
  });

  it('refuse zero, negative or non-numeric days and unknown kinds, naming the setting', () => {
    expect(failure({ ...OA, WEGATE_RETENTION_DAYS: '0' })).toMatch(/WEGATE_RETENTION_DAYS/);
    expect(failure({ ...OA, WEGATE_RETENTION_DAYS: '-3' })).toMatch(
      /WEGATE_RETENTION_DAYS: must be a number/,
    );
    expect(failure({ ...OA, WEGATE_RETENTION_DAYS: '30d' })).toMatch(
      /WEGATE_RETENTION_DAYS: must be a number/,
    );
    expect(failure({ ...OA }, { retention: { jobs: 0 } })).toMatch(/retention\.jobs/);
    expect(failure({ ...OA }, { retention: { sessions: 7 } })).toMatch(
      /retention\.sessions: is not a known setting/,
    );
    expect(failure({ ...OA }, { retention: { batchSize: 0.5 } })).toMatch(/retention\.batchSize/);
  });
});
