/** @module createLogger(): a pino logger that redacts secrets, tokens and personal data at any depth it can. */
import { trace } from '@opentelemetry/api';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { createPrettyStream } from './pretty-stream.js';
import { REDACTED, redactUrl } from './redact-url.js';

export { redactUrl, REDACTED } from './redact-url.js';

/** Keys whose values never reach a log line, wherever they appear (`code` is left out: it names our errors). */
export const SECRET_KEYS = [
  'secret',
  'appsecret',
  'password',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'session_key',
  'sessionKey',
  'jsapi_ticket',
  'ticket',
  'authorization',
  'cookie',
  'apiv3Key',
  'aesKey',
  'encodingAESKey',
  'jwtSecret',
  'gatewayKey',
  'adminKey',
  'fieldKeys',
  'privateKey',
  'phone',
  'phoneNumber',
  'purePhoneNumber',
  'js_code',
  'encryptedData',
] as const;

// Redaction paths have no "any depth" form; objects nested deeper than this are not scanned.
const MAX_DEPTH = 5;

/** `key`, `*.key`, `*.*.key`… down to MAX_DEPTH levels. */
export function redactPaths(keys: readonly string[] = SECRET_KEYS, depth = MAX_DEPTH): string[] {
  return keys.flatMap((key) => Array.from({ length: depth }, (_, level) => `${'*.'.repeat(level)}${key}`));
}

export interface CreateLoggerOptions {
  /** pino level name; default `info`. */
  level?: string;
  /** `json` lines for a collector, or one readable line each (`pretty`); default: pretty when writing to a terminal. */
  format?: 'json' | 'pretty';
  /** Where lines go; default stdout. A pretty logger writes its readable lines there. */
  destination?: DestinationStream;
}

const urlSerializer = (value: unknown): unknown => (typeof value === 'string' ? redactUrl(value) : value);

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remoteAddress?: string; remotePort?: number };
}

/** The request's identity only (never headers or body), with credential query values masked. */
function requestSerializer(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: urlSerializer(req.url),
    host: req.host,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

let traceIds = false;

/** Loggers created after this call add `trace_id` and `span_id` of the active span (tracing turns it on). */
export function enableLogTraceIds(on: boolean): void {
  traceIds = on;
}

function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Create the process logger; child loggers inherit the redaction. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    ...(traceIds ? { mixin: traceFields } : {}),
    redact: { paths: redactPaths(), censor: REDACTED },
    serializers: {
      err: stdSerializers.err,
      url: urlSerializer,
      req: requestSerializer,
    },
  };
  const target = options.destination;
  const format = options.format ?? (!target && process.stdout.isTTY === true ? 'pretty' : 'json');
  if (format === 'pretty') {
    return pino(
      config,
      createPrettyStream(target ? { write: (t) => void target.write(t), color: false } : {}),
    );
  }
  return target ? pino(config, target) : pino(config);
}
