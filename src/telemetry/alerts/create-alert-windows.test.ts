import { describe, expect, it } from 'vitest';
import { AlertEventName } from './alert-event.js';
import { buildAlertRules } from './alert-rules.js';
import { createAlertWindows } from './create-alert-windows.js';

const errcode = (code: number, app = 'oa', api = '/cgi-bin/menu/get') => ({
  event: AlertEventName.Errcode,
  app,
  api,
  errcode: code,
});

/** Feed `n` events one second apart from `start`; the notices they produced. */
function feed(windows: ReturnType<typeof createAlertWindows>, event: object, n: number, start = 0) {
  return Array.from({ length: n }, (_, i) => windows.observe(event as never, start + i * 1000)).flat();
}

describe('alert windows', () => {
  it('does not fire 40001 at 9 in 5 minutes, fires once at 10, and not again while it holds', () => {
    const windows = createAlertWindows(buildAlertRules());
    expect(feed(windows, errcode(40001), 9)).toEqual([]);
    const fired = windows.observe(errcode(40001) as never, 9000);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      status: 'firing',
      app: 'oa',
      api: '/cgi-bin/menu/get',
      count: 10,
      startsAt: 0,
    });
    expect(fired[0]?.rule.name).toBe('token-invalid');
    expect(feed(windows, errcode(40001), 30, 10_000)).toEqual([]);
    expect(windows.firing()).toBe(1);
  });

  it('forgets events older than the window: 10 spread over more than 5 minutes never fire', () => {
    const windows = createAlertWindows(buildAlertRules());
    const notices = Array.from({ length: 10 }, (_, i) =>
      windows.observe(errcode(40001) as never, i * 40_000),
    );
    expect(notices.flat()).toEqual([]);
  });

  it('fires on the first 45009 and 48001 and resolves once the window holds none', () => {
    const windows = createAlertWindows(buildAlertRules());
    expect(windows.observe(errcode(45009) as never, 1000).map((n) => n.rule.name)).toEqual(['daily-quota']);
    expect(windows.observe(errcode(48001) as never, 2000).map((n) => n.rule.name)).toEqual([
      'api-unauthorized',
    ]);
    expect(windows.sweep(300_999)).toEqual([]);
    const resolved = windows.sweep(301_000);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ status: 'resolved', count: 1, startsAt: 1000, endsAt: 301_000 });
    expect(windows.sweep(302_000).map((n) => n.rule.name)).toEqual(['api-unauthorized']);
    expect(windows.firing()).toBe(0);
    expect(windows.sweep(400_000)).toEqual([]);
  });

  it('fires -1 at 20 in a minute, not at 19', () => {
    const windows = createAlertWindows(buildAlertRules());
    expect(feed(windows, errcode(-1), 19)).toEqual([]);
    expect(windows.sweep(60_000)).toEqual([]);
    const other = createAlertWindows(buildAlertRules());
    expect(feed(other, errcode(-1), 20).map((n) => n.rule.name)).toEqual(['system-busy']);
  });

  it('fires again after it resolved', () => {
    const windows = createAlertWindows(buildAlertRules({ 'daily-quota': { windowS: 1 } }));
    expect(windows.observe(errcode(45009) as never, 0)).toHaveLength(1);
    expect(windows.sweep(1000)).toHaveLength(1);
    expect(windows.observe(errcode(45009) as never, 1500)).toHaveLength(1);
  });

  it('counts 43101 for no rule, even one written for it around the config check', () => {
    const rules = [{ ...buildAlertRules()[0]!, name: 'x', errcode: 43101, threshold: 1 }];
    const windows = createAlertWindows(rules);
    expect(feed(windows, errcode(43101), 50)).toEqual([]);
  });

  it('keeps apps and APIs apart, and folds APIs beyond the bound into "other"', () => {
    const windows = createAlertWindows(buildAlertRules(), { maxSeries: 2 });
    expect(windows.observe(errcode(45009, 'oa', '/a') as never, 0)).toHaveLength(1);
    expect(windows.observe(errcode(45009, 'mp', '/a') as never, 0)).toHaveLength(1);
    const folded = windows.observe(errcode(45009, 'mp', '/b') as never, 0);
    expect(folded.map((n) => n.api)).toEqual(['other']);
    expect(windows.observe(errcode(45009, 'mp', '/c') as never, 0)).toEqual([]);
    expect(windows.firing()).toBe(3);
  });

  it('fires failure events a product or plugin reports', () => {
    const windows = createAlertWindows(buildAlertRules());
    const parked = windows.observe({ event: AlertEventName.ShopOrderParked, app: 'mp', api: 'O-1' }, 0);
    expect(parked.map((n) => n.rule.name)).toEqual(['shop-order-parked']);
    expect(windows.observe({ event: 'unknown.event', app: 'mp' }, 0)).toEqual([]);
  });
});
