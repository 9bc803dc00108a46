import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';
import type { PayClient } from './create-pay-client.js';

const HOURS_AHEAD = 6;
const AHEAD_MS = HOURS_AHEAD * 3_600_000;
/** WeChat Pay's and our clients' allowed distance between Wechatpay-Timestamp and now. */
const SKEW_S = 300;

let fx: PayFixture;
let client: PayClient;

async function moveEmulatorClock(advanceMs: number): Promise<void> {
  const res = await fetch(`${fx.baseUrl}/__emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  fx = await startPayFixture();
  client = fx.client();
});
afterAll(() => fx.close());

describe('WeChat Pay wire timestamps with the emulator clock moved', () => {
  it(`verifies answers and notifications after the emulator clock jumps ${HOURS_AHEAD} hours ahead`, async () => {
    await moveEmulatorClock(AHEAD_MS);
    const outTradeNo = `W${randomBytes(8).toString('hex')}`;
    const { prepay_id } = await client.transactions.jsapi({
      description: 'wire time',
      out_trade_no: outTradeNo,
      notify_url: fx.notifyUrl,
      amount: { total: 11 },
      payer: { openid: 'o-wire-time' },
    });
    await fx.control('POST', '/confirm', { prepay_id, action: 'pay' });
    const [received] = await fx.waitForNotifications(1);

    // Wire time is wall time, as WeChat Pay stamps it, whatever the emulated business clock says.
    const stamped = Number(received!.headers['wechatpay-timestamp']);
    expect(Math.abs(stamped - Date.now() / 1000)).toBeLessThan(SKEW_S);
    const notification = await client.openNotification(received!);
    expect(notification.resource).toMatchObject({ out_trade_no: outTradeNo, trade_state: 'SUCCESS' });

    const queried = await client.transactions.queryByOutTradeNo(outTradeNo);
    expect(queried.trade_state).toBe('SUCCESS');
    // Business times still follow the emulator's clock.
    const paidAt = Date.parse(queried.success_time!);
    expect(paidAt - Date.now()).toBeGreaterThan(AHEAD_MS - 60_000);
  });
});
