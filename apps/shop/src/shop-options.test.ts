import { describe, expect, it } from 'vitest';
import { CRASH_POINTS, isWeChatPayHost } from './orders/crash-points.js';
import { resolveShopOptions, shopOptionsFromEnv } from './shop-options.js';

const EMULATOR = { sandbox: false, payApi: 'http://127.0.0.1:8080' };
const WECHAT = { sandbox: false, payApi: 'https://api.mch.weixin.qq.com' };

describe('shop options', () => {
  it('reads seconds from the environment and refuses what is not a positive number', () => {
    expect(shopOptionsFromEnv({ WEGATE_SHOP_UNPAID_TIMEOUT_S: '90', WEGATE_SHOP_SWEEP_S: '0.5' })).toEqual({
      unpaidTimeoutMs: 90_000,
      sweepIntervalMs: 500,
    });
    expect(() => shopOptionsFromEnv({ WEGATE_SHOP_STEP_TIMEOUT_S: '-1' })).toThrow(
      /WEGATE_SHOP_STEP_TIMEOUT_S: expected a positive number/,
    );
    expect(() => shopOptionsFromEnv({ WEGATE_SHOP_SAGA_DEADLINE_S: 'soon' })).toThrow(
      /WEGATE_SHOP_SAGA_DEADLINE_S/,
    );
  });

  it('takes a crash point by name and refuses an unknown one', () => {
    for (const point of CRASH_POINTS)
      expect(shopOptionsFromEnv({ WEGATE_SHOP_CRASH_AT: point }).crashAt).toBe(point);
    expect(shopOptionsFromEnv({ WEGATE_SHOP_CRASH_AT: '' }).crashAt).toBeUndefined();
    expect(() => shopOptionsFromEnv({ WEGATE_SHOP_CRASH_AT: 'prepay' })).toThrow(/not a crash point/);
  });

  it('honours a crash point against an emulator or in sandbox mode, never against WeChat Pay', () => {
    const crashAt = 'prepay.after-answer' as const;
    expect(resolveShopOptions({ crashAt }, EMULATOR).crashAt).toBe(crashAt);
    expect(resolveShopOptions({ crashAt }, { ...WECHAT, sandbox: true }).crashAt).toBe(crashAt);
    expect(() => resolveShopOptions({ crashAt }, WECHAT)).toThrow(/refused against WeChat Pay/);
    expect(resolveShopOptions({}, WECHAT).crashAt).toBeUndefined();
  });

  it('takes the catalog source and refuses an unknown one', () => {
    expect(
      shopOptionsFromEnv({ WEGATE_SHOP_CATALOG: 'cloud', WEGATE_SHOP_CATALOG_COLLECTION: 'goods' }),
    ).toEqual({
      catalogSource: 'cloud',
      catalogCollection: 'goods',
    });
    expect(() => shopOptionsFromEnv({ WEGATE_SHOP_CATALOG: 'mongo' })).toThrow(
      /WEGATE_SHOP_CATALOG: expected/,
    );
    expect(resolveShopOptions({}, EMULATOR)).toMatchObject({
      catalogSource: 'sql',
      catalogCollection: 'products',
    });
  });

  it('knows WeChat Pay hosts by name', () => {
    expect(isWeChatPayHost('https://api.mch.weixin.qq.com')).toBe(true);
    expect(isWeChatPayHost('https://api2.mch.weixin.qq.com/')).toBe(true);
    expect(isWeChatPayHost('https://apihk.mch.weixin.qq.com')).toBe(true);
    expect(isWeChatPayHost('http://127.0.0.1:9000')).toBe(false);
    expect(isWeChatPayHost('https://weixin.qq.com.example.org')).toBe(false);
  });
});
