/**
 * @module What products use while tracing: whether it is on, wegate's tracer, one span around a step, and
 * the W3C trace context a queued job carries. Only @opentelemetry/api is imported here: with tracing off
 * nothing of the SDK is loaded and every helper returns before it allocates anything.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

let on = false;

/** Whether startTracing() registered an SDK in this process. */
export function isTracingOn(): boolean {
  return on;
}

/** Called by startTracing() (and its shutdown), never by products. */
export function setTracingOn(value: boolean): void {
  on = value;
}

/** The tracer every wegate span comes from. */
export const wegateTracer = trace.getTracer('wegate');

export { ROOT_CONTEXT, SpanKind };

/** Runs `fn` inside a span (child of the active one, or of `parent`), ending it with fn's outcome. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const { kind, attributes, links } = options;
  const parent = options.parent ?? context.active();
  const span = wegateTracer.startSpan(name, { kind, attributes, links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The active trace context as a W3C `traceparent` (plus `tracestate`) JSON, or null with none to carry. */
export function captureTraceContext(): string | null {
  if (!on) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent === undefined ? null : JSON.stringify(carrier);
}

/**
 * Whether a recording span is active here (a push without one is the root of its trace). A request the
 * http instrumentation skips runs with tracing suppressed, where any span is a non-recording stand-in.
 */
export function isInsideSpan(): boolean {
  return trace.getActiveSpan()?.isRecording() === true;
}

/** A link to the active span, for a span whose parent is elsewhere (a stored context); none without one. */
export function linkToActive(): Link[] {
  const span = trace.getActiveSpan();
  return span === undefined ? [] : [{ context: span.spanContext() }];
}

/** The context a carried `traceparent` names (the root context when there is none or it is unreadable). */
export function restoreTraceContext(carried: string | null | undefined): Context {
  if (carried === null || carried === undefined) return ROOT_CONTEXT;
  try {
    return propagation.extract(ROOT_CONTEXT, JSON.parse(carried) as Record<string, string>);
  } catch {
    return ROOT_CONTEXT;
  }
}
