import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyText } from '../../callback/index.js';
import { definePlugin } from '../../server/define-plugin.js';
import { startSandboxServer, type SandboxServer } from '../../../test/helpers/sandbox-server.js';
import { startTracing, type Tracing } from './start-tracing.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let sandbox: SandboxServer;

const later = definePlugin({
  name: 'later',
  callbacks: {
    oa: (router) =>
      router.onKeyword('later', async (m, ctx) => {
        await ctx.replyLater(replyText(m, 'answered later'));
      }),
  },
});

beforeAll(async () => {
  tracing = await startTracing({ exporter });
  sandbox = await startSandboxServer('trace-later', { plugins: [later] });
});

/** The simulated user sends `Content` to the Official Account; the emulator's record of the push. */
async function userSends(openid: string, Content: string): Promise<{ reply?: unknown }> {
  const res = await fetch(`${sandbox.server.url}/__emulator/users/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'oa', openid, message: { MsgType: 'text', Content } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { reply?: unknown };
}

afterAll(async () => {
  await sandbox?.close();
  await tracing?.shutdown();
});

async function spanNamed(name: string, timeoutMs = 10_000): Promise<ReadableSpan> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const span = exporter.getFinishedSpans().find((s) => s.name === name);
    if (span) return span;
    if (Date.now() > until)
      throw new Error(
        `no span named ${name} in ${JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.instrumentationScope.name, s.attributes]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('a message answered later is one trace', () => {
  it('links the push, the queued job and the customer-service send by trace id', async () => {
    await userSends('o-traced-user', 'later');
    const send = await spanNamed('wechat /cgi-bin/message/custom/send');
    const push = await spanNamed('wechat push text');
    const job = await spanNamed('process wechat.reply-later');
    const outbox = await spanNamed('process outbox.send');

    expect(push.attributes).toMatchObject({ 'wechat.app': 'oa', 'wechat.msg_type': 'text' });
    // WeChat sends no trace context: the push is its trace's root, with no HTTP server span around it.
    expect(push.kind).toBe(SpanKind.SERVER);
    expect(parentOf(push)).toBeUndefined();
    expect(
      exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === push.spanContext().traceId)
        .map((s) => s.attributes['url.path'] ?? s.attributes['http.target'])
        .filter((path) => typeof path === 'string' && path.startsWith('/wechat')),
    ).toEqual([]);
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(send.kind).toBe(SpanKind.CLIENT);
    expect(send.attributes).toMatchObject({
      'wechat.app': 'oa',
      'wechat.api': '/cgi-bin/message/custom/send',
    });
    const traceId = push.spanContext().traceId;
    expect([job, outbox, send].map((s) => s.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    // The reply-later job continues the push; it queues the outbox message, whose job makes the send.
    expect(parentOf(job)).toBe(push.spanContext().spanId);
    expect(parentOf(outbox)).toBe(job.spanContext().spanId);
    expect(parentOf(send)).toBe(outbox.spanContext().spanId);
  });

  it('keeps the access_token out of every span', async () => {
    const send = await spanNamed('wechat /cgi-bin/message/custom/send');
    const seen = JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes));
    expect(String(send.attributes['url.full'])).not.toMatch(/access_token/);
    expect(seen).not.toMatch(/access_token=(?!%5Bredacted%5D|\[redacted\])/);
    expect(seen).toMatch(/access_token=/); // the undici spans do record the query, masked
  });
});
