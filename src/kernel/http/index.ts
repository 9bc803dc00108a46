/** @module Kernel HTTP: the WeChat API client and its wrappers (token replay, retry). */
export * from './api-client.types.js';
export { createApiClient } from './create-api-client.js';
export { createDefaultDispatcher } from './create-transport.js';
export { buildUrl, type BuiltUrl } from './build-url.js';
export { buildMultipartForm, type FormFile, type MultipartForm } from './build-multipart-form.js';
export { answerOf, decodeResponse, type RawResponse } from './decode-response.js';
export { withAccessToken } from './with-access-token.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isTransientError,
  withRetry,
  type RetryDeps,
  type RetryPolicy,
} from './with-retry.js';
