/**
 * @module redactSpanUrls(): the HTTP instrumentations record whole URLs, and WeChat carries credentials in
 * the query (`access_token`, OAuth's `code`, the realtime `token`); those values are masked as in the logs.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import { redactUrl } from '../../kernel/log/redact-url.js';

// `url.path` too: @fastify/otel records the request's URL, query and all, under it.
const URL_ATTRIBUTES = ['url.full', 'url.path', 'http.url', 'http.target'] as const;

function maskQuery(query: string): string {
  // `url.query` comes without its `?`, which redactUrl needs to find the first parameter.
  return redactUrl(`?${query.startsWith('?') ? query.slice(1) : query}`).slice(1);
}

/** A request hook for the http and undici instrumentations: rewrites the URL attributes already set. */
export function redactSpanUrls(span: Span): void {
  // The SDK's span keeps what was set at start in `attributes`; the API's Span type does not show it.
  const attributes = (span as Span & { attributes?: Attributes }).attributes;
  if (attributes === undefined) return;
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    const masked = redactUrl(value);
    if (masked !== value) span.setAttribute(key, masked);
  }
  const query = attributes['url.query'];
  if (typeof query === 'string' && maskQuery(query) !== query)
    span.setAttribute('url.query', maskQuery(query));
}
