/** @module A PayClient made on first use: in sandbox its base URL (the server itself) exists only after listen. */
import type { PayClient } from '../../../pay/create-pay-client.js';

export function lazyPayClient(make: () => PayClient): PayClient {
  let client: PayClient | undefined;
  const get = () => (client ??= make());
  return {
    get transactions() {
      return get().transactions;
    },
    get refunds() {
      return get().refunds;
    },
    get certificates() {
      return get().certificates;
    },
    verifyNotification: (message) => get().verifyNotification(message),
    decryptNotification: (envelope) => get().decryptNotification(envelope),
    openNotification: (message) => get().openNotification(message),
    verifySignature: (message) => get().verifySignature(message),
    request: (req) => get().request(req),
  };
}
