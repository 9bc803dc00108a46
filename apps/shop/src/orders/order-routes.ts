/** @module The buyer's order routes: place, read (owner only), list, cancel, refund. */
import { ok, type AuthUser } from 'wegate/server';
import type { Shop, ShopApp } from '../shop-context.js';
import { shopProblem } from '../shop-errors.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import type { OrderRequest } from './order-pricing.js';
import { listOrders, orderItems, orderView } from './order-views.js';
import { orderById } from './order-status.js';
import { placeOrder } from './place-order.js';
import { settlePayment, startRefund } from './settle-payment.js';
import { endUnpaid } from './unpaid-timeout.js';
import { sourceOfRequest, systemSource, SystemActor, type AuditSource } from './order-audit.js';

const placeSchema = {
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } },
  },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['productId', 'quantity'],
          properties: {
            productId: { type: 'string', minLength: 1, maxLength: 64 },
            quantity: { type: 'integer', minimum: 1, maximum: 999 },
          },
        },
      },
      couponId: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
} as const;
const idParams = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
} as const;
const listSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cursor: { type: 'string', maxLength: 256 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
    },
  },
} as const;

const userOf = (request: { user?: AuthUser | null }): AuthUser => {
  if (!request.user) throw shopProblem('OrderNotFound');
  return request.user;
};

/** The caller's own order; anyone else's is as absent as a missing one. */
async function ownOrder(shop: Shop, user: AuthUser, id: string): Promise<OrdersTable> {
  const order = await orderById(shop.db, id);
  if (!order || order.user_id !== user.id || order.failure_code !== null) throw shopProblem('OrderNotFound');
  return order;
}

/** A pending order the buyer looks at may have been paid: ask WeChat (at most every 2 s per order). */
async function checkPayment(shop: Shop, order: OrdersTable, source: AuditSource): Promise<OrdersTable> {
  const client = shop.ctx.pay?.client;
  if (!client || order.status !== OrderStatus.PendingPayment || order.saga !== 'done') return order;
  if (!(await shop.ctx.cache.setIfAbsent(`shop:query:${order.id}`, '1', 2000).catch(() => false)))
    return order;
  const trade = await client.transactions.queryByOutTradeNo(order.out_trade_no).catch(() => undefined);
  if (trade?.trade_state !== 'SUCCESS') return order;
  await settlePayment(shop, order, systemSource(SystemActor.PayQuery, source));
  return (await orderById(shop.db, order.id)) ?? order;
}

export function registerOrderRoutes(app: ShopApp, shop: Shop): void {
  const user = { preHandler: shop.ctx.requireUser };

  app.post<{ Body: OrderRequest; Headers: { 'idempotency-key'?: string } }>(
    '/api/shop/orders',
    // The `shop.order` limit class of the config file's `limits` (none unless configured).
    { preHandler: [shop.ctx.requireUser, shop.ctx.limit('shop.order')], schema: placeSchema },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const buyer = userOf(request);
      const placed = await placeOrder(shop, {
        user: buyer,
        source: sourceOfRequest(request, buyer.id),
        request: request.body,
        ...(key ? { idempotencyKey: key } : {}),
      });
      return reply.code(201).send(ok(placed));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/shop/orders/:id',
    { ...user, schema: idParams },
    async (request) => {
      const buyer = userOf(request);
      const order = await checkPayment(
        shop,
        await ownOrder(shop, buyer, request.params.id),
        sourceOfRequest(request, buyer.id),
      );
      return ok({ ...orderView(order), items: await orderItems(shop.db, order.id) });
    },
  );

  app.get<{ Querystring: { cursor?: string; limit?: number } }>(
    '/api/shop/orders',
    { ...user, schema: listSchema },
    async (request) => ok(await listOrders(shop.db, userOf(request).id, request.query)),
  );
  registerOrderActions(app, shop);
}

/** The buyer's cancel (unpaid orders) and refund (paid or shipped orders). */
function registerOrderActions(app: ShopApp, shop: Shop): void {
  const user = { preHandler: shop.ctx.requireUser };
  app.post<{ Params: { id: string } }>(
    '/api/shop/orders/:id/cancel',
    { ...user, schema: idParams },
    async (request) => {
      const buyer = userOf(request);
      const order = await ownOrder(shop, buyer, request.params.id);
      if (order.status !== OrderStatus.PendingPayment || order.saga !== 'done')
        throw shopProblem('OrderStateConflict', `order is ${order.status}`);
      const source = sourceOfRequest(request, buyer.id);
      const ended = await endUnpaid(shop, order.id, OrderStatus.Cancelled, source);
      if (ended?.status !== OrderStatus.Cancelled)
        throw shopProblem('OrderStateConflict', `order is ${ended?.status}`);
      return ok(orderView(ended));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/shop/orders/:id/refund',
    { ...user, schema: idParams },
    async (request) => {
      const buyer = userOf(request);
      const order = await ownOrder(shop, buyer, request.params.id);
      if (order.status !== OrderStatus.Paid && order.status !== OrderStatus.Shipped)
        throw shopProblem('OrderStateConflict', `order is ${order.status}`);
      await startRefund(
        shop,
        order,
        [OrderStatus.Paid, OrderStatus.Shipped],
        'requested by the buyer',
        sourceOfRequest(request, buyer.id),
      );
      return ok(orderView((await orderById(shop.db, order.id)) ?? order));
    },
  );
}
