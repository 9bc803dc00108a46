/** @module Prometheus metrics: one registry per app instance, HTTP and WeChat API call series. */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HotHistogram } from '../fast-path/hot-series.js';
import { createPathLabels } from './path-labels.js';

export interface ApiCallSample {
  api: string;
  outcome: string;
  errcode?: number;
  status?: number;
  durationMs: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** Record one outbound WeChat API call of `app`. */
  observeApiCall(app: string, sample: ApiCallSample): void;
  /** Record one call through `/gateway/:app/*` (outcome `limited` when the rate limit refused it). */
  observeGatewayCall(app: string, sample: ApiCallSample): void;
  /** Record one HTTP request served, by route pattern (never the raw URL: it carries ids). */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
}

const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A counter by app, API path, outcome and errcode and a duration histogram by app and path. */
function callSeries(registry: Registry, names: { calls: string; duration: string }, what: string) {
  const calls = new Counter({
    name: names.calls,
    help: `${what} by app, API path, outcome and errcode`,
    labelNames: ['app', 'api', 'outcome', 'errcode'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: names.duration,
    help: `${what}: duration`,
    labelNames: ['app', 'api'],
    buckets: API_BUCKETS,
    registers: [registry],
  });
  return (app: string, api: string, sample: ApiCallSample): void => {
    const errcode = sample.errcode === undefined ? '' : String(sample.errcode);
    calls.inc({ app, api, outcome: sample.outcome, errcode });
    duration.observe({ app, api }, sample.durationMs / 1000);
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'wegate_' });
  // One bound for both series: the gateway's paths reach the API client's series too.
  const pathLabel = createPathLabels();
  const apiCall = callSeries(
    registry,
    { calls: 'wegate_wechat_api_calls_total', duration: 'wegate_wechat_api_duration_seconds' },
    'Outbound WeChat API calls',
  );
  const gatewayCall = callSeries(
    registry,
    { calls: 'wegate_gateway_requests_total', duration: 'wegate_gateway_request_duration_seconds' },
    'Calls through /gateway/:app/*',
  );
  // Observed on every request: a hot series (same exposition as prom-client's Histogram).
  const requests = new HotHistogram({
    name: 'wegate_http_request_duration_seconds',
    help: 'HTTP requests served, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registry,
  });
  return {
    registry,
    observeHttp(method, route, status, seconds) {
      requests.observe([method, route, String(status)], seconds);
    },
    observeApiCall: (app, sample) => apiCall(app, pathLabel(sample.api, sample), sample),
    observeGatewayCall: (app, sample) => gatewayCall(app, pathLabel(sample.api, sample), sample),
  };
}

/** Count and time every HTTP request Fastify serves, by route pattern. */
export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  // A callback-style hook: an async one costs a promise on every request, callbacks included.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
