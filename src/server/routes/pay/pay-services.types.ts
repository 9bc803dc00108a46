/** @module What the server needs for WeChat Pay: the client, our order service, reconciliation, handlers. */
import type { JobHandler } from '../../../kernel/ports/index.js';
import type { PayClient } from '../../../pay/create-pay-client.js';
import type { PayEventData, PayEventName, PayOrders } from '../../../pay/orders/index.js';
import type { Reconciler } from '../../../pay/reconcile/index.js';

export interface PayServices {
  readonly client: PayClient;
  readonly orders: PayOrders;
  /** Scheduled on the queue when present. */
  readonly reconciler?: Reconciler;
  /** Time between reconciliation runs (default 5 min). */
  readonly reconcileIntervalMs?: number;
}

/** Business handlers by event; each runs from the queue after the state change committed. */
export type PayHandlers = Partial<Record<PayEventName, JobHandler<PayEventData>>>;
