/** @module The shop's tables, typed over the server's store (`ctx.store.db.withTables<ShopTables>()`). */
import type { PluginContext } from 'wegate/server';

export type ProductStatus = 'on_sale' | 'off_sale';

export interface ProductsTable {
  id: string;
  title: string;
  /** Fen. */
  price: number;
  stock: number;
  category: string;
  status: ProductStatus;
  /** JSON array of image URLs. */
  images: string;
  created_at: number;
  updated_at: number;
}

export type CouponKind = 'fixed' | 'percent';

export interface CouponsTable {
  id: string;
  kind: CouponKind;
  /** Fen off (fixed) or percent off (percent). */
  value: number;
  min_spend: number;
  starts_at: number;
  ends_at: number;
}

/** One use of a coupon by a user: the primary key makes it single use; `order_id` holds the lock. */
export interface CouponUsesTable {
  coupon_id: string;
  user_id: string;
  order_id: string;
  state: 'locked' | 'used';
  updated_at: number;
}

export const OrderStatus = {
  PendingPayment: 'pending_payment',
  Paid: 'paid',
  Shipped: 'shipped',
  Completed: 'completed',
  Cancelled: 'cancelled',
  Refunding: 'refunding',
  Refunded: 'refunded',
  Closed: 'closed',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** forward (steps running) → done | compensating → compensated | parked (an operator's turn). */
export type SagaState = 'forward' | 'done' | 'compensating' | 'compensated' | 'parked';

export interface OrdersTable {
  id: string;
  user_id: string;
  appid: string;
  openid: string;
  status: OrderStatus;
  saga: SagaState;
  subtotal: number;
  discount: number;
  total: number;
  coupon_id: string | null;
  out_trade_no: string;
  idempotency_key: string | null;
  request_hash: string;
  /** The `wx.requestPayment` parameters, JSON, once prepaid. */
  payment: string | null;
  /** The shop error code a failed order answered with. */
  failure_code: number | null;
  out_refund_no: string | null;
  /** An unpaid order is cancelled after this time (epoch ms). */
  deadline_at: number;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
}

export interface OrderLinesTable {
  order_id: string;
  product_id: string;
  title: string;
  price: number;
  quantity: number;
}

export type SagaStep = 'reserve' | 'coupon' | 'prepay';

/** The saga log: a step is `done` with its effect, `compensated` with its undo (each guarded, so once). */
export interface SagaStepsTable {
  order_id: string;
  step: SagaStep;
  state: 'started' | 'done' | 'compensated';
  updated_at: number;
}

// A type, not an interface: withTables<T>() wants an index signature.
export type ShopTables = {
  shop_products: ProductsTable;
  shop_coupons: CouponsTable;
  shop_coupon_uses: CouponUsesTable;
  shop_orders: OrdersTable;
  shop_order_lines: OrderLinesTable;
  shop_saga_steps: SagaStepsTable;
};

/** The store's Kysely instance with the shop's tables. */
export const shopDb = (store: PluginContext['store']) => store.db.withTables<ShopTables>();
export type ShopDb = ReturnType<typeof shopDb>;
