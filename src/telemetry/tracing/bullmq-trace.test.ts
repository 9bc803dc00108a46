import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../adapters/bullmq/queue.js';
import { createTestRedis, testRedisUrl } from '../../../test/helpers/redis.js';
import { startTracing, type Tracing } from './start-tracing.js';
import { inSpan } from './trace-context.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;

beforeAll(async () => {
  tracing = await startTracing({ exporter });
});

afterAll(async () => {
  await tracing?.shutdown();
});

describe('BullMQ while tracing', () => {
  it('runs a job in the trace of the span that queued it', async () => {
    const redis = await createTestRedis('bullmq-trace');
    const queue = createBullmqQueue({
      connection: { url: testRedisUrl() },
      prefix: redis.prefix.slice(0, -1),
    });
    try {
      let seen: string | undefined;
      const ran = new Promise<void>((resolve) => {
        queue.process('traced', async () => {
          seen = trace.getActiveSpan()?.spanContext().traceId;
          resolve();
        });
      });
      const traceId = await inSpan('enqueue here', {}, async (span) => {
        await queue.enqueue('traced', { n: 1 });
        return span.spanContext().traceId;
      });
      await ran;
      expect(seen).toBe(traceId);
      // BullMQ's own producer span (its timers for stalled jobs make traces of their own).
      const added = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER);
      expect(added?.name).toBe('add traced.traced');
      expect(added?.spanContext().traceId).toBe(traceId);
    } finally {
      await queue.close();
      await redis.cleanup();
    }
  });
});
