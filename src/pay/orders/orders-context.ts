/** @module What the order operations share: the store, the client, our merchant and the clock. */
import type { Kysely } from 'kysely';
import type { Clock, Database } from '../../kernel/ports/index.js';
import type { PayOrdersTable } from '../pay-tables.js';
import type { PayClient } from '../create-pay-client.js';

export interface OrdersContext {
  readonly db: Kysely<Database>;
  readonly pay: PayClient;
  readonly mchid: string;
  readonly appid?: string;
  readonly clock: Clock;
  notifyUrl(): string;
  getOrder(outTradeNo: string): Promise<PayOrdersTable | undefined>;
}
