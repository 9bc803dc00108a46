/**
 * @module The audit record of every order transition, written in the transaction of the guarded UPDATE
 * that made it: a committed transition never lacks its record, and a transition that lost its race
 * writes none.
 */
import type { AuditLog } from 'wegate/server';
import type { Shop } from '../shop-context.js';
import type { OrderStatus, SagaState, ShopDb } from '../tables.js';
import { transition } from './order-status.js';

/** Who made a change, and from where when a request did. */
export interface AuditSource {
  /** `user:<id>` for the buyer, `system:<part>` for the shop's own jobs and WeChat Pay's events. */
  readonly actor: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** The request id (`x-request-id`) the change ran under. */
  readonly traceId?: string;
}

export const SystemActor = {
  /** The unpaid-order timeout job and the sweep. */
  Timeout: 'system:shop-timeout',
  /** Compensation of a placement that failed, and recovery of a saga a crash left. */
  Saga: 'system:shop-saga',
  /** A verified WeChat Pay notification (payment or refund). */
  PayNotify: 'system:pay-notify',
  /** The buyer's status check or the reconciliation, which asked WeChat Pay. */
  PayQuery: 'system:pay-query',
  /** Closing the WeChat order (a cancel or a timeout), which WeChat Pay refused as already paid. */
  PayClose: 'system:pay-close',
} as const;

export const OrderAction = {
  Create: 'shop.order.create',
  Paid: 'shop.order.paid',
  Cancel: 'shop.order.cancel',
  Close: 'shop.order.close',
  RefundRequest: 'shop.order.refund_request',
  Refunded: 'shop.order.refunded',
  Park: 'shop.order.park',
} as const;

const ACTION_OF: Partial<Record<OrderStatus, string>> = {
  paid: OrderAction.Paid,
  cancelled: OrderAction.Cancel,
  closed: OrderAction.Close,
  refunding: OrderAction.RefundRequest,
  refunded: OrderAction.Refunded,
};

interface RequestLike {
  readonly id: string;
  readonly ip: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** The buyer's request as an audit source: their user id, address, user agent and request id. */
export function sourceOfRequest(request: RequestLike, userId: string): AuditSource {
  const agent = request.headers['user-agent'];
  return {
    actor: `user:${userId}`,
    ip: request.ip,
    traceId: request.id,
    ...(typeof agent === 'string' ? { userAgent: agent } : {}),
  };
}

/** A system actor, keeping the request id (and nothing else of the caller) when a request ran it. */
export const systemSource = (actor: string, under?: AuditSource): AuditSource => ({
  actor,
  ...(under?.traceId === undefined ? {} : { traceId: under.traceId }),
});

type AuditTrx = Parameters<AuditLog['recordInTransaction']>[0];

export interface OrderRecord {
  readonly orderId: string;
  readonly action: string;
  readonly before?: { status: OrderStatus; saga?: SagaState };
  readonly after: { status: OrderStatus; saga?: SagaState; [more: string]: unknown };
}

/** Writes the record in `trx`, the transaction of the change it describes. */
export async function recordOrder(
  shop: Shop,
  trx: ShopDb,
  source: AuditSource,
  record: OrderRecord,
): Promise<void> {
  await shop.ctx.audit.recordInTransaction(trx as unknown as AuditTrx, {
    actor: source.actor,
    action: record.action,
    target: `order:${record.orderId}`,
    ...(record.before === undefined ? {} : { before: record.before }),
    after: record.after,
    result: 'ok',
    ...(source.ip === undefined ? {} : { ip: source.ip }),
    ...(source.userAgent === undefined ? {} : { userAgent: source.userAgent }),
    ...(source.traceId === undefined ? {} : { traceId: source.traceId }),
  });
}

export interface AuditedTransition {
  readonly orderId: string;
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
  readonly now: number;
  readonly extra?: Parameters<typeof transition>[5];
  readonly source: AuditSource;
}

/** The guarded transition and its audit record, both in `trx` (call it inside a transaction). */
export async function auditedTransition(
  shop: Shop,
  trx: ShopDb,
  change: AuditedTransition,
): Promise<boolean> {
  const [only] = change.from;
  const before =
    change.from.length === 1 && only !== undefined
      ? only
      : (
          await trx
            .selectFrom('shop_orders')
            .select('status')
            .where('id', '=', change.orderId)
            .executeTakeFirst()
        )?.status;
  const moved = await transition(trx, change.orderId, change.from, change.to, change.now, change.extra);
  if (!moved || before === undefined) return moved;
  await recordOrder(shop, trx, change.source, {
    orderId: change.orderId,
    action: ACTION_OF[change.to] ?? `shop.order.${change.to}`,
    before: { status: before },
    after: { status: change.to },
  });
  return true;
}
