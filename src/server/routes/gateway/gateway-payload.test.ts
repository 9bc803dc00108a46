import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../../test/helpers/fake-wechat.js';
import {
  createMemoryCache,
  createMemoryLock,
  createMemoryRateLimiter,
} from '../../../adapters/memory/index.js';
import { createAccessTokenBroker } from '../../../kernel/credential/index.js';
import { createApiClient, type ApiClient } from '../../../kernel/http/index.js';
import { installEnvelope } from '../../plugins/envelope.js';
import { createMetrics } from '../../plugins/metrics.js';
import { gatewayRoutes } from './gateway-routes.js';

const KEY = 'gateway-key-payload-tests';
const auth = { authorization: `Bearer ${KEY}` };
let fake: FakeWeChat;
let api: ApiClient;
let app: FastifyInstance;

beforeAll(async () => {
  fake = await startFakeWeChat();
  const tokens = createAccessTokenBroker(
    { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
    { cache: createMemoryCache(), lock: createMemoryLock() },
  );
  api = createApiClient({ baseUrl: fake.url }, { tokens });
  app = Fastify();
  installEnvelope(app);
  await app.register(gatewayRoutes, {
    key: KEY,
    apps: { oa: { api } },
    limiter: createMemoryRateLimiter({ points: 100, durationMs: 1000 }),
    metrics: createMetrics({ defaultMetrics: false }),
    maxBodyBytes: 1024 * 1024,
  });
});

afterAll(async () => {
  await app?.close();
  await api?.close();
  await fake?.close();
});

describe('/gateway/:app/* bodies', () => {
  it('forwards a multipart upload byte for byte with its content-type, and the query without the caller token', async () => {
    const form = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n'),
      Buffer.from('Content-Type: image/jpeg\r\n\r\n'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0x81]),
      Buffer.from('\r\n--XyZ--\r\n'),
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/gateway/oa/cgi-bin/media/upload?type=image&access_token=CALLER&lang=zh_CN',
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=XyZ' },
      payload: form,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'image', media_id: `media-${form.toString('utf8').length}` });
    const sent = fake.requests.find((r) => r.path === '/cgi-bin/media/upload');
    expect(sent?.contentType).toBe('multipart/form-data; boundary=XyZ');
    expect(sent?.body).toBe(form.toString('utf8'));
    const params = new URLSearchParams(sent?.search);
    expect(params.getAll('access_token')).toEqual([expect.stringMatching(/^stable-/)]);
    expect(params.get('type')).toBe('image');
    expect(params.get('lang')).toBe('zh_CN');
    expect(sent?.headers['authorization']).toBeUndefined();
  });

  it('answers a binary body with its content-type and bytes', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/gateway/oa/cgi-bin/media/get?media_id=m1',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect([...res.rawPayload]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  });

  it("passes WeChat's HTTP error status and body on, and answers 502 in the envelope when nothing came back", async () => {
    fake.fail('/cgi-bin/getcallbackip', { status: 503 });
    const failed = await app.inject({
      method: 'GET',
      url: '/gateway/oa/cgi-bin/getcallbackip',
      headers: auth,
    });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toEqual({ errcode: -1, errmsg: 'upstream' });
    fake.fail('/cgi-bin/getcallbackip', { close: true });
    const dropped = await app.inject({
      method: 'GET',
      url: '/gateway/oa/cgi-bin/getcallbackip',
      headers: auth,
    });
    expect(dropped.statusCode).toBe(502);
    expect(dropped.json()).toMatchObject({ code: 5022 });
  });
});
