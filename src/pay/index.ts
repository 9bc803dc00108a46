/** @module WeChat Pay v3: signed client, JSAPI / Mini Program payments, refunds and notification verification. */
export { assertAmount, assertApiv3Key } from './assert-amount.js';
export { buildAuthorization, PAY_AUTH_SCHEME, type AuthorizationInput } from './build-authorization.js';
export { buildRequestPayment, type RequestPaymentInput } from './build-request-payment.js';
export { createPayClient, type PayClient } from './create-pay-client.js';
export { canonicalUrl, type PayExchange, type PayRequest } from './create-pay-transport.js';
export { createPlatformCertificates, type PlatformCertificates } from './create-platform-certificates.js';
export {
  decryptCertificates,
  parsePlatformCertificate,
  type PlatformCertificate,
} from './decrypt-certificates.js';
export {
  decryptNotificationResource,
  decryptNotificationWith,
  verifyNotificationWith,
} from './notifications.js';
export type { PayClientConfig, PayClientDeps } from './pay-client.types.js';
export type * from './pay.types.js';
export type { Refunds } from './refunds.js';
export type { Transactions } from './transactions.js';
export {
  headerValue,
  verifyPaySignature,
  type PayKeyResolver,
  type VerifiedPayMessage,
} from './verify-pay-signature.js';
export * from './notify/index.js';
export * from './orders/index.js';
export * from './reconcile/index.js';
export type * from './pay-tables.js';
