/** @module The shop's error codes (HTTP status × 10 + one digit), answered in wegate's envelope. */
import { ApiProblem, type ErrorCodeEntry } from 'wegate/server';

/** Catalogued in apps/shop/README.md ("Error codes"); a test keeps the two equal. */
export const ShopErrors = {
  ProductNotFound: { code: 4041, status: 404, message: 'no such product' },
  OrderNotFound: { code: 4042, status: 404, message: 'no such order' },
  OutOfStock: { code: 4091, status: 409, message: 'out of stock' },
  CouponUnavailable: { code: 4092, status: 409, message: 'coupon not usable for this order' },
  OrderStateConflict: { code: 4093, status: 409, message: 'the order cannot do that in its current status' },
  IdempotencyKeyReused: {
    code: 4094,
    status: 409,
    message: 'this Idempotency-Key was used with another request',
  },
  OrderInProgress: {
    code: 4095,
    status: 409,
    message: 'the order with this Idempotency-Key is still being placed',
  },
  ProductUnavailable: { code: 4221, status: 422, message: 'product not on sale' },
  PaymentUnavailable: {
    code: 5031,
    status: 503,
    message: 'payment could not be created; nothing was charged',
  },
  CatalogUnavailable: {
    code: 5032,
    status: 503,
    message: 'the catalog could not be reached; nothing was reserved',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ShopErrorName = keyof typeof ShopErrors;

export const shopProblem = (name: ShopErrorName, message?: string) =>
  new ApiProblem(ShopErrors[name], message);

/** The error a failed order answers with again, from its stored code. */
export function problemOfCode(code: number): ApiProblem {
  const entry = Object.values(ShopErrors).find((e) => e.code === code) ?? ShopErrors.PaymentUnavailable;
  return new ApiProblem(entry);
}
