import type { Tracer } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeFault, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createAccessTokenBroker } from '../credential/index.js';
import { isWeChatApiError, isWeChatHttpError, WeChatHttpError } from '../errors/index.js';
import type { ApiCallEvent, ApiClient, ApiClientDeps, KernelLogger } from './api-client.types.js';
import { createApiClient } from './create-api-client.js';

interface Harness {
  api: ApiClient;
  events: ApiCallEvent[];
  logs: string[];
  sleeps: number[];
  spans: Array<Record<string, unknown>>;
}

function recordingTracer(spans: Array<Record<string, unknown>>): Tracer {
  const tracer = {
    startSpan(name: string, opts?: { attributes?: Record<string, unknown> }) {
      const span: Record<string, unknown> = { name, ...opts?.attributes };
      spans.push(span);
      return {
        setAttribute: (k: string, v: unknown) => void (span[k] = v),
        setStatus: (s: unknown) => void (span.status = s),
        end: () => void (span.ended = true),
      };
    },
  };
  return tracer as unknown as Tracer;
}

describe('createApiClient', () => {
  let fake: FakeWeChat;
  let h: Harness;
  const make = (overrides: Partial<ApiClientDeps> = {}, timeoutMs?: number): Harness => {
    const events: ApiCallEvent[] = [];
    const logs: string[] = [];
    const sleeps: number[] = [];
    const spans: Array<Record<string, unknown>> = [];
    const line = (obj: object, msg?: string): void => void logs.push(JSON.stringify({ ...obj, msg }));
    const logger: KernelLogger = { debug: line, info: line, warn: line };
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
      { cache: createMemoryCache(), lock: createMemoryLock(), logger },
    );
    const api = createApiClient(
      { baseUrl: () => fake.url, timeoutMs },
      {
        tokens,
        logger,
        hooks: { onCall: (e) => events.push(e) },
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 1,
        tracer: recordingTracer(spans),
        ...overrides,
      },
    );
    return { api, events, logs, sleeps, spans };
  };
  const issuedTokens = (): string[] => [
    ...new Set(fake.requests.map((r) => r.query.access_token).filter((t): t is string => !!t)),
  ];

  beforeEach(async () => {
    fake = await startFakeWeChat();
    h = make();
  });
  afterEach(async () => {
    await h.api.close();
    await fake.close();
  });

  it('injects the access_token as a query parameter and returns the JSON answer', async () => {
    const data = await h.api.get<{ ip_list: string[] }>('/cgi-bin/getcallbackip');
    expect(data.ip_list).toEqual(['101.226.62.77']);
    const call = fake.requests.find((r) => r.path === '/cgi-bin/getcallbackip');
    expect(call?.query.access_token).toMatch(/^stable-/);
    expect(fake.count('/cgi-bin/stable_token')).toBe(1);
  });

  it('sends a POST body as JSON and keeps extra query parameters', async () => {
    await h.api.post(
      '/cgi-bin/message/custom/send',
      { touser: 'o1', msgtype: 'text', text: { content: '你好' } },
      { query: { lang: 'zh_CN' } },
    );
    const call = fake.requests.find((r) => r.path === '/cgi-bin/message/custom/send');
    expect(call?.body).toEqual({ touser: 'o1', msgtype: 'text', text: { content: '你好' } });
    expect(call?.query.lang).toBe('zh_CN');
  });

  it('refreshes the token once and replays once after errcode 40001 for a revoked token', async () => {
    await h.api.get('/cgi-bin/getcallbackip');
    const [first] = issuedTokens();
    fake.revoke(first as string);
    await h.api.get('/cgi-bin/getcallbackip');
    const calls = fake.requests
      .filter((r) => r.path === '/cgi-bin/getcallbackip')
      .map((r) => r.query.access_token);
    expect(calls).toHaveLength(3);
    expect(calls[1]).toBe(first);
    expect(calls[2]).not.toBe(first);
    expect(fake.count('/cgi-bin/stable_token')).toBe(2);
  });

  it('replays a POST once after errcode 42001, because WeChat rejected the call before doing anything', async () => {
    fake.fail('/cgi-bin/message/custom/send', { errcode: 42001 });
    await h.api.post('/cgi-bin/message/custom/send', { touser: 'o1' });
    expect(fake.count('/cgi-bin/message/custom/send')).toBe(2);
  });

  it('surfaces a second token error instead of looping', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: 40001 }, 2);
    const error = await h.api.get('/cgi-bin/getcallbackip').catch((e: unknown) => e);
    expect(isWeChatApiError(error, 40001)).toBe(true);
    expect(fake.count('/cgi-bin/getcallbackip')).toBe(2);
  });

  const transient: Array<[string, FakeFault]> = [
    ['errcode -1', { errcode: -1 }],
    ['errcode 45011', { errcode: 45011 }],
    ['HTTP 502', { status: 502 }],
    ['a closed socket', { close: true }],
  ];

  it.each(transient)('retries a GET after %s and succeeds', async (_label, fault) => {
    fake.fail('/cgi-bin/getcallbackip', fault);
    const data = await h.api.get<{ ip_list: string[] }>('/cgi-bin/getcallbackip');
    expect(data.ip_list).toHaveLength(1);
    expect(fake.count('/cgi-bin/getcallbackip')).toBe(2);
    expect(h.sleeps).toEqual([200]);
  });

  it.each(transient)('never retries a POST after %s', async (_label, fault) => {
    fake.fail('/cgi-bin/message/custom/send', fault);
    await expect(h.api.post('/cgi-bin/message/custom/send', { touser: 'o1' })).rejects.toBeDefined();
    expect(fake.count('/cgi-bin/message/custom/send')).toBe(1);
  });

  it('gives up after three attempts with exponential backoff', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: -1 }, 5);
    const error = await h.api.get('/cgi-bin/getcallbackip').catch((e: unknown) => e);
    expect(isWeChatApiError(error, -1)).toBe(true);
    expect(fake.count('/cgi-bin/getcallbackip')).toBe(3);
    expect(h.sleeps).toEqual([200, 400]);
  });

  it('surfaces 45009 (daily quota) at once, without retrying', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const error = await h.api.get('/cgi-bin/getcallbackip').catch((e: unknown) => e);
    expect(isWeChatApiError(error, 45009)).toBe(true);
    expect((error as { api: string }).api).toBe('/cgi-bin/getcallbackip');
    expect(fake.count('/cgi-bin/getcallbackip')).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('reports every exchange to the hooks with errcode, status, attempt and duration', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: -1 });
    await h.api.get('/cgi-bin/getcallbackip');
    expect(h.events.map(({ durationMs: _d, ...rest }) => rest)).toEqual([
      {
        api: '/cgi-bin/getcallbackip',
        method: 'GET',
        errcode: -1,
        status: undefined,
        attempt: 1,
        outcome: 'errcode',
      },
      {
        api: '/cgi-bin/getcallbackip',
        method: 'GET',
        errcode: undefined,
        status: 200,
        attempt: 2,
        outcome: 'ok',
      },
    ]);
    for (const e of h.events) expect(e.durationMs).toBeGreaterThan(0);
    expect(h.spans.map((s) => [s['wechat.api'], s['wechat.errcode'], s.ended])).toEqual([
      ['/cgi-bin/getcallbackip', -1, true],
      ['/cgi-bin/getcallbackip', undefined, true],
    ]);
  });

  it('never puts the token in hook payloads, spans or log lines', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: 40001 });
    await h.api.get('/cgi-bin/getcallbackip');
    await h.api.get('/cgi-bin/getcallbackip');
    const tokens = issuedTokens();
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const seen = JSON.stringify([h.events, h.spans, h.logs]);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(seen).toContain('/cgi-bin/getcallbackip');
    for (const token of tokens) expect(seen).not.toContain(token);
    expect(seen).not.toContain(fake.secret);
  });

  it('returns a binary body as a Buffer when the content-type is not JSON', async () => {
    const data = await h.api.get<Buffer>('/cgi-bin/media/get', { media_id: 'm1' });
    expect(Buffer.isBuffer(data)).toBe(true);
    expect([...data.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
  });

  it('raises WeChatHttpError with the cause when a 200 body is not JSON', async () => {
    fake.fail('/cgi-bin/getcallbackip', { body: '<html>gateway</html>' });
    const error = await h.api.get('/cgi-bin/getcallbackip').catch((e: unknown) => e);
    expect(isWeChatHttpError(error)).toBe(true);
    expect((error as WeChatHttpError).status).toBe(200);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(fake.count('/cgi-bin/getcallbackip')).toBe(1);
  });

  it('times out a slow answer as a network WeChatHttpError with a cause', async () => {
    await h.api.close();
    h = make({}, 100);
    fake.fail('/cgi-bin/message/custom/send', { delayMs: 400 });
    const error = await h.api.post('/cgi-bin/message/custom/send', {}).catch((e: unknown) => e);
    expect(isWeChatHttpError(error)).toBe(true);
    expect((error as WeChatHttpError).status).toBeUndefined();
    expect((error as Error).cause).toBeDefined();
    expect(h.events.at(-1)?.outcome).toBe('network');
  });

  it('sends no token with auth none and needs no token source for it', async () => {
    const bare = createApiClient({ baseUrl: fake.url });
    const error = await bare.get('/cgi-bin/getcallbackip', {}, { auth: 'none' }).catch((e: unknown) => e);
    expect(isWeChatApiError(error, 41001)).toBe(true);
    expect(fake.requests.at(-1)?.query.access_token).toBeUndefined();
    await expect(bare.get('/cgi-bin/getcallbackip')).rejects.toThrow(/token source/);
    await bare.close();
  });

  it('resolves a function baseUrl on every call', async () => {
    let base = 'http://127.0.0.1:1';
    const api = createApiClient({ baseUrl: () => base, retry: { attempts: 1 } });
    await expect(api.get('/cgi-bin/getcallbackip', {}, { auth: 'none' })).rejects.toBeInstanceOf(
      WeChatHttpError,
    );
    base = fake.url;
    await expect(api.get('/cgi-bin/getcallbackip', {}, { auth: 'none' })).rejects.toSatisfy((e) =>
      isWeChatApiError(e, 41001),
    );
    await api.close();
  });
});
