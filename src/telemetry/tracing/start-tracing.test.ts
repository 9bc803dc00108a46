import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/log/create-logger.js';
import { startSandboxServer } from '../../../test/helpers/sandbox-server.js';
import { isWeChatPush, startTracing, tracingRequested, type Tracing } from './start-tracing.js';
import { inSpan, isTracingOn } from './trace-context.js';

const require = createRequire(import.meta.url);
/** Modules of the SDK side this process has loaded (CommonJS packages land in require.cache however imported). */
const sdkModules = (): string[] =>
  Object.keys(require.cache).filter((path) =>
    /node_modules\/(@opentelemetry\/(sdk-|auto-instrumentations|instrumentation)|@fastify\/otel|import-in-the-middle)/.test(
      path,
    ),
  );

function lines(): { stream: Writable; read(): Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const read = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, read };
}

/** An OTLP/HTTP collector that accepts everything and remembers the paths it was sent to. */
async function startSink(): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

let tracing: Tracing | undefined;
let sink: Awaited<ReturnType<typeof startSink>> | undefined;
afterAll(async () => {
  await tracing?.shutdown();
  sink?.server.close();
});

describe('startTracing', () => {
  it('asks for traces only when an OTLP endpoint or a traces exporter is set', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_SERVICE_NAME: 'wegate' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
  });

  it('leaves WeChat pushes out of the HTTP server spans, and nothing else', () => {
    for (const url of ['/wechat', '/wechat?signature=s', '/wechat/oa?timestamp=1', '/wechat/mp'])
      expect(isWeChatPush({ url })).toBe(true);
    for (const url of ['/wechatx', '/api/wechat/oa', '/pay/notify', '/jssdk/config?url=x', '/', undefined])
      expect(isWeChatPush({ url })).toBe(false);
  });

  // One process, in order: first without any OTEL_* variable, then with one (which shows the check can fail).
  it('loads no SDK module for a server started without OTEL_* variables', async () => {
    const sandbox = await startSandboxServer('trace-off');
    try {
      const res = await fetch(`${sandbox.server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(isTracingOn()).toBe(false);
      expect(sdkModules()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('loads the SDK and turns trace ids on in logs when an endpoint is set', async () => {
    const before = lines();
    const quiet = createLogger({ format: 'json', destination: before.stream });
    sink = await startSink();
    tracing = await startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } });
    expect(tracing).toBeDefined();
    expect(isTracingOn()).toBe(true);
    expect(sdkModules().some((path) => path.includes('@opentelemetry/sdk-node'))).toBe(true);

    const after = lines();
    const logger = createLogger({ format: 'json', destination: after.stream });
    const ids = await inSpan('logged', {}, async (span) => {
      logger.info('inside');
      quiet.info('inside, older logger');
      return span.spanContext();
    });
    logger.info('outside');
    const [inside, outside] = after.read();
    expect(inside).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(outside?.msg).toBe('outside');
    expect(outside).not.toHaveProperty('trace_id');
    expect(before.read()[0]).not.toHaveProperty('trace_id');

    await tracing?.shutdown();
    tracing = undefined;
    expect(isTracingOn()).toBe(false);
    // The span went out over OTLP/HTTP on shutdown's flush.
    expect(sink.paths).toContain('/v1/traces');
  });
});
