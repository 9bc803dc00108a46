import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRobotReceiver, type RobotReceiver } from '../../../test/helpers/robot-receiver.js';
import type { AlertSettings } from '../../config/config.types.js';
import { AlertEventName } from './alert-event.js';
import { createAlerts, type Alerts } from './create-alerts.js';

const warnings: object[] = [];
const logger = { warn: (obj: object) => void warnings.push(obj) };
let receiver: RobotReceiver;
let alerts: Alerts | undefined;
let registry: Registry;

beforeEach(async () => {
  receiver = await startRobotReceiver();
  registry = new Registry();
  warnings.length = 0;
});

afterEach(async () => {
  await alerts?.close();
  alerts = undefined;
  await receiver.close();
});

const start = (settings: AlertSettings) =>
  (alerts = createAlerts({ webhook: receiver.url, ...settings }, { logger, registry }));
const content = (i: number) => (receiver.messages[i]?.body.markdown as { content: string }).content;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}

describe('createAlerts', () => {
  it('sends one grouped WeCom message for a 40001 storm and a 45009, whatever the storm’s length', async () => {
    const a = start({ groupMs: 200 });
    for (let i = 0; i < 30; i += 1) a.observeApiCall('oa', { api: '/cgi-bin/menu/get', errcode: 40001 });
    a.observeApiCall('mp', { api: '/wxa/msg_sec_check', errcode: 45009 });
    await receiver.waitFor(1);
    await sleep(300);
    expect(receiver.messages).toHaveLength(1);
    expect(receiver.messages[0]?.path).toBe('/cgi-bin/webhook/send?key=test-key');
    expect(receiver.messages[0]?.body.msgtype).toBe('markdown');
    expect(content(0)).toContain('FIRING</font> token-invalid · app oa · /cgi-bin/menu/get');
    expect(content(0)).toContain('FIRING</font> daily-quota · app mp · /wxa/msg_sec_check');
    expect(content(0).match(/FIRING/g)).toHaveLength(2);
    expect(await metricValue('wegate_alert_messages_total', { outcome: 'sent' })).toBe(1);
  });

  it('sends a resolved message once the window holds fewer than the threshold', async () => {
    const a = start({ groupMs: 50, rules: { 'daily-quota': { windowS: 0.5 } } });
    a.observeApiCall('oa', { api: '/cgi-bin/user/get', errcode: 45009 });
    const [fired] = await receiver.waitFor(1);
    expect(a.firing()).toBe(1);
    const [, resolved] = await receiver.waitFor(2);
    expect(resolved!.at - fired!.at).toBeGreaterThanOrEqual(400);
    expect(content(1)).toContain('RESOLVED</font> daily-quota · app oa · /cgi-bin/user/get');
    expect(a.firing()).toBe(0);
  });

  it('counts 43101 and successful calls for no alert', async () => {
    const a = start({ groupMs: 0 });
    for (let i = 0; i < 50; i += 1)
      a.observeApiCall('mp', { api: '/cgi-bin/message/subscribe/send', errcode: 43101 });
    a.observeApiCall('mp', { api: '/cgi-bin/message/subscribe/send' });
    a.observeApiCall('mp', { api: '/cgi-bin/message/subscribe/send', errcode: 0 });
    await sleep(200);
    expect(receiver.messages).toEqual([]);
    expect(a.firing()).toBe(0);
  });

  it('sends at most rate.max messages a period, queues the rest and sends them when the period allows', async () => {
    const a = start({ groupMs: 0, rate: { max: 2, perS: 1 } });
    for (const app of ['a1', 'a2', 'a3', 'a4']) a.observe({ event: AlertEventName.OutboxDeadLetter, app });
    await receiver.waitFor(2);
    await sleep(300);
    expect(receiver.messages).toHaveLength(2);
    const all = await receiver.waitFor(4, 3000);
    expect(all[2]!.at - all[0]!.at).toBeGreaterThanOrEqual(900);
    expect(all.map((m) => (m.body.markdown as { content: string }).content.match(/app (a\d)/)?.[1])).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
    ]);
  });

  it('drops a message when the queue is full and counts it', async () => {
    const a = start({ groupMs: 0, rate: { max: 1, perS: 60 }, maxQueue: 1 });
    for (const app of ['a1', 'a2', 'a3']) a.observe({ event: AlertEventName.OutboxDeadLetter, app });
    await receiver.waitFor(1);
    expect(await metricValue('wegate_alert_messages_total', { outcome: 'dropped' })).toBe(1);
    expect(warnings).toContainEqual(
      expect.objectContaining({ host: expect.stringMatching(/^127\.0\.0\.1:/) }),
    );
    expect(JSON.stringify(warnings)).not.toContain('test-key');
  });

  it('logs and counts a refused message (HTTP error or a robot errcode) without throwing', async () => {
    receiver.answerWith(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    const a = start({ groupMs: 0 });
    expect(() =>
      a.observe({ event: AlertEventName.PayNotifyUnverified, app: 'pay', api: '/pay/notify' }),
    ).not.toThrow();
    await receiver.waitFor(1);
    receiver.answerWith(500, {});
    a.observe({
      event: AlertEventName.PayApiError,
      app: 'pay',
      api: '/v3/pay/transactions/jsapi',
      errcode: 'SIGN_ERROR',
    });
    await receiver.waitFor(2);
    await sleep(100);
    expect(await metricValue('wegate_alert_messages_total', { outcome: 'failed' })).toBe(2);
    expect(warnings.map((w) => (w as { reason?: string }).reason)).toEqual(['code 45009', 'HTTP 500']);
    expect(
      await metricValue('wegate_alert_events_total', {
        app: 'pay',
        event: 'pay.notify_unverified',
        code: '',
      }),
    ).toBe(1);
    expect(
      await metricValue('wegate_alert_events_total', {
        app: 'pay',
        event: 'pay.api_error',
        code: 'SIGN_ERROR',
      }),
    ).toBe(1);
  });

  it('counts a webhook nobody answers as failed, and the caller never waits or throws', async () => {
    const url = receiver.url;
    await receiver.close();
    alerts = createAlerts({ webhook: url, groupMs: 0, timeoutMs: 500 }, { logger, registry });
    alerts.observe({ event: AlertEventName.OutboxDeadLetter, app: 'oa' });
    for (
      let i = 0;
      i < 50 && (await metricValue('wegate_alert_messages_total', { outcome: 'failed' })) === 0;
      i += 1
    )
      await sleep(20);
    expect(await metricValue('wegate_alert_messages_total', { outcome: 'failed' })).toBe(1);
    receiver = await startRobotReceiver();
  });

  it('counts events without a webhook and sends nothing', async () => {
    alerts = createAlerts({}, { logger, registry });
    alerts.observe({ event: AlertEventName.ShopOrderParked, app: 'mp', api: 'O-1' });
    expect(alerts.firing()).toBe(1);
    expect(await metricValue('wegate_alert_events_total', { app: 'mp', event: 'shop.order_parked' })).toBe(1);
    expect(await metricValue('wegate_alerts_firing', {})).toBe(1);
  });
});
