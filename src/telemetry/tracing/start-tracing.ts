/**
 * @module startTracing(): the OpenTelemetry Node SDK for `wegate serve`, configured by the standard `OTEL_*`
 * variables and started only when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_TRACES_EXPORTER` is set. The SDK
 * and its instrumentations are loaded with `import()` here, so a server without those variables never
 * loads them.
 */
import { register } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { enableLogTraceIds } from '../../kernel/log/create-logger.js';
import { redactSpanUrls } from './redact-span-urls.js';
import { setTracingOn } from './trace-context.js';

export interface StartTracingOptions {
  /** Where the OTEL_* variables are read; the SDK itself reads process.env. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Spans go here, one at a time, instead of to the exporter OTEL_TRACES_EXPORTER chooses (tests). */
  readonly exporter?: SpanExporter;
}

export interface Tracing {
  /** Flushes the spans still buffered and unregisters the SDK. */
  shutdown(): Promise<void>;
}

let running: Promise<Tracing> | undefined;

/** Whether the variables ask for traces: an OTLP endpoint, or an exporter other than `none`. */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter === 'none' || env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || exporter,
  );
}

/**
 * Starts the SDK once per process (later calls share it); undefined, having loaded nothing, when the
 * variables do not ask for traces and no exporter is given.
 */
export async function startTracing(options: StartTracingOptions = {}): Promise<Tracing | undefined> {
  const env = options.env ?? process.env;
  if (!options.exporter && !tracingRequested(env)) return undefined;
  running ??= startSdk(options.exporter, env);
  return running;
}

/**
 * The SDK reads process.env only: the OTEL_* variables of `env` are copied there (process.env wins). Metrics
 * and logs stay with Prometheus and pino unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER say otherwise.
 */
function prepareEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('OTEL_') && value !== undefined) process.env[key] ??= value;
  }
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
}

/**
 * Modules imported from ES modules (pg, ioredis and Fastify from wegate's own code) are only seen by the
 * instrumentations through import-in-the-middle's loader hook; limited to the modules they patch.
 */
async function registerImportHook(): Promise<() => Promise<void>> {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  return waitForAllMessagesAcknowledged;
}

/**
 * WeChat's pushes (`/wechat`, `/wechat/<app>`) carry no trace context to continue, and the callback
 * handler opens their root span itself (`wechat push <MsgType>`): an HTTP server span around it would
 * only cost. Measured by `npm run bench:tracing-cost` (BENCHMARKS.md).
 */
export function isWeChatPush(request: { url?: string | undefined }): boolean {
  const url = request.url ?? '';
  return url === '/wechat' || url.startsWith('/wechat?') || url.startsWith('/wechat/');
}

async function startSdk(exporter: SpanExporter | undefined, env: NodeJS.ProcessEnv): Promise<Tracing> {
  prepareEnvironment(env);
  const acknowledged = await registerImportHook();
  const [{ NodeSDK }, { SimpleSpanProcessor }, { getNodeAutoInstrumentations }, fastifyOtel] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/auto-instrumentations-node'),
      import('@fastify/otel'),
    ]);
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'wegate',
    ...(exporter ? { spanProcessors: [new SimpleSpanProcessor(exporter)] } : {}),
    instrumentations: [
      getNodeAutoInstrumentations({
        // What wegate talks to: inbound and outbound HTTP, PostgreSQL, Redis. The rest stays off.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        // Trace ids reach the logs through our own mixin (createLogger), not a patched pino.
        '@opentelemetry/instrumentation-pino': { enabled: false },
        '@opentelemetry/instrumentation-runtime-node': { enabled: false },
        '@opentelemetry/instrumentation-http': {
          requestHook: redactSpanUrls,
          ignoreIncomingRequestHook: isWeChatPush,
        },
        '@opentelemetry/instrumentation-undici': { requestHook: redactSpanUrls },
      }),
      // One span for the request and one for its handler; a span per lifecycle hook costs more than it shows.
      new fastifyOtel.FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        requestHook: redactSpanUrls,
      }),
    ],
  });
  sdk.start();
  await acknowledged();
  setTracingOn(true);
  enableLogTraceIds(true);
  return {
    async shutdown() {
      setTracingOn(false);
      enableLogTraceIds(false);
      running = undefined;
      await sdk.shutdown();
    },
  };
}
