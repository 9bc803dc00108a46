/** WeChat Pay in the sandbox runtime: the generated merchant, the in-process emulator and POST /pay/notify on one port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

let server: RunningServer;
let sandbox: SandboxServer;

beforeAll(async () => {
  sandbox = await startSandboxServer('pay-sandbox');
  server = sandbox.server;
});

afterAll(async () => {
  await sandbox?.close();
});

async function control(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/__emulator/pay${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('WeChat Pay in sandbox mode', () => {
  it('prepays, has the paySign checked by the emulated client, and marks the order paid from the notification', async () => {
    const pay = server.deps.pay;
    expect(pay).toBeDefined();
    const order = await pay!.orders.createJsapiOrder({
      outTradeNo: 'SANDBOX-1',
      openid: 'o-sandbox-buyer',
      amount: 888,
      description: 'sandbox order',
    });
    const paid = await control('/request-payment', { ...order.requestPayment, action: 'pay' });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ trade_state: 'SUCCESS' });
    const deadline = Date.now() + 10_000;
    let stored = await pay!.orders.get('SANDBOX-1');
    while (stored?.state !== 'SUCCESS' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await pay!.orders.get('SANDBOX-1');
    }
    expect(stored).toMatchObject({ state: 'SUCCESS', amount_total: 888, prepay_id: order.prepayId });
    const rows = await server.deps.store.db.selectFrom('wegate_pay_notifications').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a forged paySign like the WeChat client', async () => {
    const order = await server.deps.pay!.orders.createJsapiOrder({
      outTradeNo: 'SANDBOX-2',
      openid: 'o-sandbox-buyer',
      amount: 100,
      description: 'forged',
    });
    const forged = { ...order.requestPayment, paySign: Buffer.from('forged').toString('base64') };
    const res = await control('/request-payment', { ...forged, action: 'pay' });
    expect(res.status).toBe(400);
    expect((await server.deps.pay!.orders.get('SANDBOX-2'))?.state).toBe('NOTPAY');
  });
});
