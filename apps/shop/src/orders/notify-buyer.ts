/**
 * @module The "order paid" subscribe message, sent through the outbox after the commit and only when the
 * buyer accepted the template; the outbox key makes every repeat (redelivered notification, status check)
 * the same single message.
 */
import { createSubscribeChoices } from 'wegate/outbox';
import type { Shop } from '../shop-context.js';
import type { OrdersTable } from '../tables.js';

/** The template's data keys (a template of the Mini Program with these fields). */
export const PAID_TEMPLATE_KEYS = ['character_string1', 'amount2', 'thing3'] as const;

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Shops (one per server) whose sandbox emulator knows the template. */
const seeded = new WeakSet<Shop>();

/** Sandbox: the in-process emulator learns the template once (a real app has it in the WeChat console). */
async function seedSandboxTemplate(shop: Shop, appid: string, templateId: string): Promise<void> {
  const base = shop.serverUrl();
  if (seeded.has(shop) || !shop.ctx.config.sandbox || base === undefined) return;
  const response = await fetch(`${base}/__emulator/templates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appid, template_id: templateId, keys: PAID_TEMPLATE_KEYS, title: 'Order paid' }),
  });
  if (response.ok) seeded.add(shop);
}

export async function notifyPaid(shop: Shop, order: OrdersTable): Promise<void> {
  const templateId = shop.options.paidTemplateId;
  const { outbox } = shop.ctx;
  if (templateId === undefined || outbox === undefined) return;
  const app = shop.options.app;
  const choices = createSubscribeChoices({ store: shop.ctx.store, clock: { now: shop.now } });
  if ((await choices.status(app, order.openid, templateId)) !== 'accept') return;
  await seedSandboxTemplate(shop, order.appid, templateId);
  const first = await shop.db
    .selectFrom('shop_order_lines')
    .select('title')
    .where('order_id', '=', order.id)
    .executeTakeFirst();
  await outbox.send({
    app,
    kind: 'subscribe',
    touser: order.openid,
    payload: {
      template_id: templateId,
      page: `pages/orders/detail?id=${order.id}`,
      data: {
        character_string1: { value: order.out_trade_no },
        amount2: { value: yuan(order.total) },
        thing3: { value: (first?.title ?? 'Your order').slice(0, 20) },
      },
    },
    idempotencyKey: `shop-paid:${order.id}`,
  });
}
