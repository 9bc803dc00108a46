import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshDist } from '../../../test/helpers/fresh-dist.js';
import { SANDBOX_TEMPLATE_ID } from '../../../apps/shop/src/index.js';
import { startShop, until, type ShopHarness } from '../../../apps/shop/test/shop-harness.js';
import type { Tracing } from './start-tracing.js';

// The shop loads wegate as a package, from dist/: tracing must be started by that copy of the module.
const DIST_TRACING = '../../../dist/telemetry/tracing/start-tracing.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let shop: ShopHarness;

beforeAll(async () => {
  await ensureFreshDist();
  const { startTracing } = (await import(DIST_TRACING)) as typeof import('./start-tracing.js');
  tracing = await startTracing({ exporter });
  shop = await startShop('sqlite');
}, 240_000);

afterAll(async () => {
  await shop?.close();
  await tracing?.shutdown();
});

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const named = (name: string, attribute?: [string, string]): ReadableSpan | undefined =>
  spans().find((s) => s.name === name && (!attribute || s.attributes[attribute[0]] === attribute[1]));

describe('a shop order is one trace', () => {
  it('runs from the order request through prepay, the payment notification and the subscribe message', async () => {
    const buyer = await shop.login('traced-buyer');
    const accepted = await shop.emulator('POST', '/mp/subscribe', {
      appid: shop.mpAppid,
      openid: buyer.openid,
      template_id: SANDBOX_TEMPLATE_ID,
      accept: true,
    });
    expect(accepted.status).toBe(200);
    const placed = await shop.call('POST', '/api/shop/orders', {
      token: buyer.token,
      body: { items: [{ productId: 'p_demo_tea', quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    const { order, payment } = placed.body['data'];
    const paid = await shop.emulator('POST', '/pay/request-payment', {
      appId: shop.mpAppid,
      ...payment,
      action: 'pay',
    });
    expect(paid.body).toMatchObject({ trade_state: 'SUCCESS' });
    const send = await until(
      async () => named('wechat /cgi-bin/message/subscribe/send'),
      (span) => span !== undefined,
    );

    const prepay = named('wechatpay POST', ['wechatpay.api', '/v3/pay/transactions/jsapi']);
    const notification = named('wechatpay notification TRANSACTION.SUCCESS');
    expect(prepay?.kind).toBe(SpanKind.CLIENT);
    expect(notification?.attributes['wechatpay.out_trade_no']).toBe(order.outTradeNo);
    const traceId = prepay!.spanContext().traceId;
    expect(notification!.spanContext().traceId).toBe(traceId);
    expect(send!.spanContext().traceId).toBe(traceId);
    // The notification's own request started a trace of its own; the span links back to it.
    expect(notification!.links).toHaveLength(1);
    expect(notification!.links[0]!.context.traceId).not.toBe(traceId);
    // The order request itself is the trace's root.
    const request = spans().find(
      (s) => s.spanContext().traceId === traceId && s.parentSpanContext === undefined,
    );
    expect(request?.attributes['url.path']).toBe('/api/shop/orders');
  });
});
