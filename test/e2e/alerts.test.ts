/**
 * Errcode alerts end to end: faults injected in the sandbox's emulator (a 40001 storm, a 45009, a pay
 * notification with a forged signature) reach a local robot webhook as one grouped WeCom message, then one
 * "resolved" message once the (shortened) windows clear, held back by the robot's rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorControl, type EmulatorControl } from '../helpers/emulator-control.js';
import { startRobotReceiver, type RobotReceiver } from '../helpers/robot-receiver.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';
import { AlertEventName, definePlugin, type PluginContext } from '../../src/server/index.js';

// The group outlasts the faults' spread on a loaded machine; the window outlasts the group, so firing
// and resolution never share a message; the rate period outlasts the window, so it is what holds the second.
const GROUP_MS = 3000;
const WINDOW_S = 6;
const RATE_PER_S = 10;
let receiver: RobotReceiver;
let sandbox: SandboxServer;
let emulator: EmulatorControl;
let pluginCtx: PluginContext | undefined;
const reporter = definePlugin({ name: 'reporter', register: (_app, ctx) => void (pluginCtx = ctx) });

beforeAll(async () => {
  receiver = await startRobotReceiver();
  const windowed = { windowS: WINDOW_S };
  sandbox = await startSandboxServer('alerts', {
    plugins: [reporter],
    configFile: {
      alerts: {
        webhook: receiver.url,
        groupMs: GROUP_MS,
        rate: { max: 1, perS: RATE_PER_S },
        rules: { 'token-invalid': windowed, 'daily-quota': windowed, 'pay-notify-unverified': windowed },
      },
    },
  });
  emulator = emulatorControl(sandbox.server.url);
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

const content = (i: number) => (receiver.messages[i]?.body.markdown as { content: string }).content;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

async function metric(line: RegExp): Promise<number> {
  const text = await (await fetch(`${sandbox.server.url}/metrics`)).text();
  const found = text.split('\n').find((l) => line.test(l));
  return found === undefined ? 0 : Number(found.split(' ').pop());
}

/** A payment whose notification the emulator signs with a forged signature: /pay/notify answers 401. */
async function payWithForgedNotification(): Promise<void> {
  await emulator.post('/pay/faults', { kind: 'bad-signature', target: 'notify', count: 1 });
  const pay = sandbox.server.deps.pay!;
  const order = await pay.orders.createJsapiOrder({
    outTradeNo: 'ALERT-1',
    openid: 'o-alert-buyer',
    amount: 100,
    description: 'alert',
  });
  await emulator.post('/pay/request-payment', { ...order.requestPayment, action: 'pay' });
  const unverified = /^wegate_alert_events_total\{app="pay",event="pay.notify_unverified"/;
  for (let i = 0; i < 100 && (await metric(unverified)) === 0; i += 1)
    await new Promise((r) => setTimeout(r, 20));
  expect(await metric(unverified)).toBe(1);
}

describe('errcode alerts from emulator faults', () => {
  it('sends one grouped message for a 40001 storm, a 45009 and a forged notification, then one resolved', async () => {
    await payWithForgedNotification();
    const api = sandbox.server.deps.apps.oa!.api;
    // Another process taking a new token makes ours fail with 40001; each call then refreshes and replays.
    const appid = sandbox.server.deps.apps.oa!.config.appid;
    await api.get('/cgi-bin/getcallbackip');
    for (let i = 0; i < 10; i += 1) {
      await emulator.post('/tokens/revoke', { appid, kind: 'all' });
      await api.get('/cgi-bin/getcallbackip');
    }
    const storm =
      /^wegate_wechat_api_calls_total\{app="oa",api="\/cgi-bin\/getcallbackip",outcome="errcode",errcode="40001"\}/;
    expect(await metric(storm)).toBe(10);
    await emulator.post('/faults', {
      path: '/cgi-bin/get_api_domain_ip',
      kind: 'errcode',
      errcode: 45009,
      count: 1,
    });
    expect(await failure(api.get('/cgi-bin/get_api_domain_ip'))).toMatchObject({ errcode: 45009 });

    const [fired, resolved] = await receiver.waitFor(2, 30_000);
    expect(fired!.body.msgtype).toBe('markdown');
    expect(content(0).match(/FIRING/g)).toHaveLength(3);
    expect(content(0)).toContain('FIRING</font> token-invalid · app oa · /cgi-bin/getcallbackip');
    expect(content(0)).toContain('FIRING</font> daily-quota · app oa · /cgi-bin/get_api_domain_ip');
    expect(content(0)).toContain('FIRING</font> pay-notify-unverified · app pay · /pay/notify');
    expect(content(1).match(/RESOLVED/g)).toHaveLength(3);
    expect(content(1)).toContain('RESOLVED</font> token-invalid · app oa · /cgi-bin/getcallbackip');
    expect(content(1)).toContain('RESOLVED</font> daily-quota · app oa');
    expect(content(1)).toContain('RESOLVED</font> pay-notify-unverified · app pay');
    // The windows clear about WINDOW_S after the faults; the robot's rate (1 per RATE_PER_S) holds it longer.
    expect(resolved!.at - fired!.at).toBeGreaterThanOrEqual(RATE_PER_S * 1000 - 50);

    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.messages).toHaveLength(2);
    expect(await metric(/^wegate_alert_messages_total\{outcome="sent"\}/)).toBe(2);
    expect(await metric(/^wegate_alerts_firing /)).toBe(0);
  }, 45_000);

  it('takes the failure events a plugin reports through ctx.alerts', async () => {
    expect(pluginCtx?.alerts).toBe(sandbox.server.deps.alerts);
    pluginCtx!.alerts!.observe({ event: AlertEventName.ShopOrderParked, app: 'mp', api: 'order O-1' });
    expect(sandbox.server.deps.alerts!.firing()).toBe(1);
    expect(await metric(/^wegate_alert_events_total\{app="mp",event="shop.order_parked",code=""\}/)).toBe(1);
  });
});
