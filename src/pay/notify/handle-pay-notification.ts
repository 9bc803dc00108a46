/** @module One pay notification end to end: verify the raw body, decrypt, apply; the answer WeChat Pay expects. */
import { isWeChatError } from '../../kernel/errors/index.js';
import {
  inSpan,
  isTracingOn,
  linkToActive,
  restoreTraceContext,
  SpanKind,
} from '../../telemetry/tracing/trace-context.js';
import type { PayClient } from '../create-pay-client.js';
import type { PayNotification, SignedPayMessage } from '../pay.types.js';
import type { ApplyResult, PayOrders } from '../orders/index.js';

/** `body` is WeChat Pay's failure format; a 2xx answer has no body. */
export interface NotifyAnswer {
  readonly status: number;
  readonly body?: { readonly code: 'FAIL'; readonly message: string };
  /** For our logs only (never sent). */
  readonly reason: string;
}

export interface HandleNotificationDeps {
  readonly pay: Pick<PayClient, 'verifyNotification' | 'decryptNotification'>;
  /** `get` lets a traced notification continue the trace its order was placed under. */
  readonly orders: Pick<PayOrders, 'applyNotification'> & Partial<Pick<PayOrders, 'get'>>;
}

const fail = (status: number, message: string, reason = message): NotifyAnswer => ({
  status,
  body: { code: 'FAIL', message },
  reason,
});

function refusal(error: unknown): NotifyAnswer {
  if (!isWeChatError(error)) return fail(500, 'internal error', String(error));
  switch (error.code) {
    // Probes (WECHATPAY/SIGNTEST/…), forged signatures, stale timestamps and unknown serials alike.
    case 'WEGATE_BAD_SIGNATURE':
      return fail(401, 'signature verification failed', error.message);
    case 'WEGATE_DECRYPT_FAILED':
      return fail(400, 'resource decryption failed', error.message);
    case 'WEGATE_PARSE_FAILED':
      return fail(400, 'malformed notification', error.message);
    default:
      return fail(500, 'internal error', error.message);
  }
}

/**
 * WeChat Pay's notification is a new request: applying it (and the business event it queues) joins the
 * trace the order was placed under, linked to the request that brought it.
 */
async function inOrderTrace(
  orders: HandleNotificationDeps['orders'],
  notification: PayNotification,
  apply: () => Promise<ApplyResult>,
): Promise<ApplyResult> {
  const { out_trade_no: outTradeNo } = notification.resource as { out_trade_no?: unknown };
  const order = typeof outTradeNo === 'string' ? await orders.get?.(outTradeNo) : undefined;
  const attributes = {
    'wechatpay.event_type': notification.event_type,
    ...(typeof outTradeNo === 'string' ? { 'wechatpay.out_trade_no': outTradeNo } : {}),
  };
  const stored = order?.trace_context ?? null;
  return inSpan(
    `wechatpay notification ${notification.event_type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes,
      links: linkToActive(),
      ...(stored === null ? {} : { parent: restoreTraceContext(stored) }),
    },
    apply,
  );
}

/**
 * Never decrypts before the signature verified, never answers 2xx before the state change committed:
 * any non-2xx makes WeChat Pay deliver again on its schedule, and a redelivered id is a no-op.
 */
export async function handlePayNotification(
  deps: HandleNotificationDeps,
  message: SignedPayMessage,
): Promise<NotifyAnswer> {
  try {
    const envelope = await deps.pay.verifyNotification(message);
    const notification = deps.pay.decryptNotification(envelope);
    const apply = () =>
      deps.orders.applyNotification(notification, {
        resourceType: envelope.resource_type ?? 'encrypt-resource',
      });
    const result = isTracingOn() ? await inOrderTrace(deps.orders, notification, apply) : await apply();
    if (!result.ok) {
      // Unknown order: answering FAIL keeps WeChat Pay retrying for a day, time to notice and repair.
      return result.reason === 'unknown-order'
        ? fail(404, 'order not found', result.message)
        : fail(400, 'notification does not match the order', result.message);
    }
    return { status: 204, reason: result.duplicate ? 'duplicate' : result.changed ? 'applied' : 'recorded' };
  } catch (error) {
    return refusal(error);
  }
}
