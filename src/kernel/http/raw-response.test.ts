import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createAccessTokenBroker } from '../credential/index.js';
import { isWeChatHttpError } from '../errors/index.js';
import type { ApiCallEvent, ApiClient, RawApiResponse } from './api-client.types.js';
import { createApiClient } from './create-api-client.js';

describe("createApiClient with responseType 'raw'", () => {
  let fake: FakeWeChat;
  let api: ApiClient;
  let events: ApiCallEvent[];

  beforeEach(async () => {
    fake = await startFakeWeChat();
    events = [];
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
      { cache: createMemoryCache(), lock: createMemoryLock() },
    );
    api = createApiClient(
      { baseUrl: fake.url, timeoutMs: 2000 },
      { tokens, hooks: { onCall: (e) => events.push(e) }, sleep: async () => undefined },
    );
  });

  afterEach(async () => {
    await api.close();
    await fake.close();
  });

  const raw = (path: string, extra: Record<string, unknown> = {}) =>
    api.request<RawApiResponse>({ method: 'GET', path, responseType: 'raw', ...extra });

  it('returns the answer bytes, status and content-type untouched', async () => {
    const answer = await raw('/cgi-bin/getcallbackip');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; encoding=utf-8');
    expect(answer.body.toString()).toBe('{"ip_list":["101.226.62.77"]}');
    expect(answer.errcode).toBeUndefined();
  });

  it('hands back an errcode answer unchanged, with its errcode, instead of throwing', async () => {
    fake.fail('/cgi-bin/getcallbackip', { errcode: 40037, errmsg: 'invalid template_id rid: 1' });
    const answer = await raw('/cgi-bin/getcallbackip', { retry: false });
    expect(answer.errcode).toBe(40037);
    expect(JSON.parse(answer.body.toString())).toEqual({
      errcode: 40037,
      errmsg: 'invalid template_id rid: 1',
    });
    expect(events.map((e) => e.outcome)).toEqual(['errcode']);
  });

  it('still refreshes the token and replays once after 40001, returning the replayed answer', async () => {
    await raw('/cgi-bin/getcallbackip');
    const first = fake.requests.find((r) => r.path === '/cgi-bin/getcallbackip')?.query.access_token;
    fake.revoke(first as string);
    const answer = await raw('/cgi-bin/getcallbackip');
    expect(answer.status).toBe(200);
    expect(answer.errcode).toBeUndefined();
    const used = fake.requests.filter((r) => r.path === '/cgi-bin/getcallbackip').map((r) => r.query);
    expect(used).toHaveLength(3);
    expect(used[2]?.access_token).not.toBe(first);
    expect(fake.issued.stable).toBe(2);
  });

  it('returns an HTTP 5xx answer as it came, and sends a raw payload with its content-type', async () => {
    fake.fail('/cgi-bin/media/upload', { status: 502 });
    const form =
      '--b\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n\r\nJPEG\r\n--b--\r\n';
    const payload = { contentType: 'multipart/form-data; boundary=b', bytes: Buffer.from(form) };
    const failed = await api.request<RawApiResponse>({
      method: 'POST',
      path: '/cgi-bin/media/upload',
      query: { type: 'image' },
      payload,
      responseType: 'raw',
    });
    expect(failed.status).toBe(502);
    const answer = await api.request<RawApiResponse>({
      method: 'POST',
      path: '/cgi-bin/media/upload',
      query: { type: 'image' },
      payload,
      responseType: 'raw',
    });
    expect(JSON.parse(answer.body.toString())).toMatchObject({
      type: 'image',
      media_id: `media-${form.length}`,
    });
    const sent = fake.requests.filter((r) => r.path === '/cgi-bin/media/upload');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.contentType).toBe('multipart/form-data; boundary=b');
    expect(sent[1]?.body).toBe(form);
  });

  it('throws when no answer came back at all', async () => {
    fake.fail('/cgi-bin/getcallbackip', { close: true });
    const error = await raw('/cgi-bin/getcallbackip', { retry: false }).catch((e: unknown) => e);
    expect(isWeChatHttpError(error)).toBe(true);
  });
});
