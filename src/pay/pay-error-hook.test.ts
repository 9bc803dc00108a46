import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';
import type { PayApiError } from '../kernel/errors/index.js';

let fx: PayFixture;

beforeAll(async () => {
  fx = await startPayFixture();
});
afterAll(() => fx.close());

const order = () => ({
  description: 'alert hook',
  out_trade_no: `T${randomBytes(8).toString('hex')}`,
  notify_url: fx.notifyUrl,
  amount: { total: 100, currency: 'CNY' },
  payer: { openid: 'o-payer-1' },
});

describe('createPayClient onPayError', () => {
  it('hears of each error answer of WeChat Pay, with its code and path (SIGN_ERROR for a wrong serial)', async () => {
    const seen: { code: string; status: number; path: string }[] = [];
    const onPayError = (error: PayApiError, path: string) =>
      void seen.push({ code: error.payCode, status: error.status, path });
    const wrongSerial = fx.client({ certSerial: '0123456789ABCDEF0123456789ABCDEF01234567' }, { onPayError });
    await expect(wrongSerial.transactions.jsapi(order())).rejects.toMatchObject({ payCode: 'SIGN_ERROR' });
    expect(seen).toEqual([{ code: 'SIGN_ERROR', status: 401, path: '/v3/pay/transactions/jsapi' }]);

    const right = fx.client({}, { onPayError });
    await right.transactions.jsapi(order());
    expect(seen).toHaveLength(1);
  });
});
