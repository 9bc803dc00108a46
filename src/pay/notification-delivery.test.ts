import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PayClient } from './create-pay-client.js';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';

let fx: PayFixture;
let client: PayClient;

beforeAll(async () => {
  fx = await startPayFixture();
  client = fx.client();
});
afterAll(() => fx.close());
beforeEach(async () => {
  fx.received.length = 0;
  fx.answers.length = 0;
  await fx.control('DELETE', '/faults');
});

async function pay(): Promise<string> {
  const outTradeNo = `N${randomBytes(8).toString('hex')}`;
  const order = {
    description: 'x',
    out_trade_no: outTradeNo,
    notify_url: fx.notifyUrl,
    amount: { total: 7 },
    payer: { openid: 'o1' },
  };
  const { prepay_id } = await client.transactions.jsapi(order);
  await fx.control('POST', '/confirm', { prepay_id, action: 'pay' });
  return outTradeNo;
}

async function outcomes() {
  return Promise.all(
    fx.received.map((message) =>
      client.openNotification(message).then(
        (n) => `ok:${n.id}`,
        (e: { code?: string }) => `rejected:${e.code}`,
      ),
    ),
  );
}

describe('pay notifications from the emulator', () => {
  it('are retried on the (scaled) WeChat schedule until the notify URL answers 2xx, then stop', async () => {
    fx.answers.push(500, 503, 404);
    const outTradeNo = await pay();
    await fx.waitForNotifications(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const results = await outcomes();
    expect(results).toHaveLength(4);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatch(/^ok:/);
    const { notifications } = (await fx.control('GET', '/notifications')).json as {
      notifications: Array<{ state: string; attempts: Array<{ status: number }>; body: string }>;
    };
    const delivery = notifications.find((n) => n.body.length > 0 && n.state === 'delivered')!;
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 404, 204]);
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('SUCCESS');
  });

  it('keep retrying a notification whose signature was forged, and the forged one is rejected', async () => {
    await fx.control('POST', '/faults', { kind: 'bad-signature' });
    fx.answers.push(401);
    await pay();
    await fx.waitForNotifications(2);
    const results = await outcomes();
    expect(results[0]).toBe('rejected:WEGATE_BAD_SIGNATURE');
    expect(results[1]).toMatch(/^ok:/);
  });

  it('send a WECHATPAY/SIGNTEST/ probe that verification rejects', async () => {
    await fx.control('POST', '/faults', { kind: 'probe' });
    fx.answers.push(401);
    await pay();
    await fx.waitForNotifications(2);
    expect(fx.received[0]!.headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
    await expect(client.verifyNotification(fx.received[0]!)).rejects.toThrow(/probe/);
    expect((await outcomes())[1]).toMatch(/^ok:/);
  });

  it('can be delayed', async () => {
    await fx.control('POST', '/faults', { kind: 'delay', delayMs: 300 });
    const started = Date.now();
    await pay();
    await fx.waitForNotifications(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await outcomes())[0]).toMatch(/^ok:/);
  });

  it('are rejected as stale when stamped outside the skew window', async () => {
    fx.answers.push(401);
    await pay();
    const [message] = await fx.waitForNotifications(1);
    // WeChat Pay stamps wall time; this receiver's clock runs 10 minutes behind it.
    const behind = fx.client({}, { clock: { now: () => Date.now() - 600_000 } });
    await expect(behind.verifyNotification(message!)).rejects.toThrow(/clock skew/);
    // Let the retry (answered 204) land here rather than in the next test.
    await fx.waitForNotifications(2);
  });

  it('can deliver the same notification twice (same id), as WeChat Pay may', async () => {
    await fx.control('POST', '/faults', { kind: 'duplicate' });
    await pay();
    await fx.waitForNotifications(2);
    const [first, second] = await outcomes();
    expect(first).toMatch(/^ok:/);
    expect(second).toBe(first);
  });
});

describe('an undeliverable notification', () => {
  it('is attempted 16 times (first try + 15 scheduled retries) and then given up', async () => {
    // 24 h 4 min of WeChat's schedule in under a second.
    const fast = await startPayFixture({ timeScale: 0.00001 });
    try {
      fast.answers.push(...Array.from({ length: 20 }, () => 500));
      const fastClient = fast.client();
      const order = {
        description: 'x',
        out_trade_no: 'UNDELIVERABLE1',
        notify_url: fast.notifyUrl,
        amount: { total: 7 },
        payer: { openid: 'o1' },
      };
      const { prepay_id } = await fastClient.transactions.jsapi(order);
      await fast.control('POST', '/confirm', { prepay_id, action: 'pay' });
      let state = 'pending';
      for (const deadline = Date.now() + 10_000; state === 'pending' && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const list = (await fast.control('GET', '/notifications')).json['notifications'] as Array<{
          state: string;
        }>;
        state = list[0]!.state;
      }
      expect(state).toBe('failed');
      expect(fast.received).toHaveLength(16);
    } finally {
      await fast.close();
    }
  }, 15_000);
});
