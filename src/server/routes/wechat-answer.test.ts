import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, replyText } from '../../callback/index.js';
import {
  appConfig,
  openReply,
  safeRequest,
  startCallbackServer,
  textXml,
  type CallbackServer,
} from '../../../test/helpers/callback-kit.js';
import type { CallbackContext } from './wechat/callback-context.js';
import { ANSWER_LOG_EVERY } from './wechat.js';

const oa = appConfig('oa', { appid: 'wx4444444444444444' });
let server: CallbackServer;

beforeAll(async () => {
  const router = createRouter<CallbackContext>().onMessage('text', (m, ctx) => {
    if (m.Content === 'log') ctx.log.warn('handler says');
    return replyText(m, `echo:${m.Content}`, 1700000001);
  });
  server = await startCallbackServer({ apps: [oa], callbacks: { oa: router } });
});
afterAll(async () => {
  await server?.close();
});

describe('the callback answer', () => {
  it('carries its length, content type and the request id', async () => {
    const request = safeRequest('/wechat', oa, textXml({ content: '你好', msgId: '71' }));
    const res = await server.app.inject({
      ...request,
      headers: { ...request.headers, 'x-request-id': 'abc-71' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('abc-71');
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(openReply(oa, res.body)).toContain('<Content><![CDATA[echo:你好]]></Content>');
  });

  it('mints a request id when none is sent', async () => {
    const res = await server.app.inject(safeRequest('/wechat/oa', oa, textXml({ msgId: '72' })));
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is counted by the HTTP metrics under its route pattern', async () => {
    await server.app.inject(safeRequest('/wechat', oa, textXml({ msgId: '73' })));
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    const line = metrics.body
      .split('\n')
      .find((l) =>
        l.startsWith(
          'wegate_http_request_duration_seconds_count{method="POST",route="/wechat",status="200"}',
        ),
      );
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(1);
  });

  it('logs handler lines with the request id and no per-request info lines', async () => {
    const request = safeRequest('/wechat', oa, textXml({ content: 'log', msgId: '74' }));
    await server.app.inject({ ...request, headers: { ...request.headers, 'x-request-id': 'abc-74' } });
    const lines = server
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter((l) => l.reqId === 'abc-74');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 40, msg: 'handler says' });
  });

  it('logs the first answer and then one in ANSWER_LOG_EVERY at info, with the request id', async () => {
    const sampled = () =>
      server
        .logs()
        .split('\n')
        .filter((l) => l.includes('"callback answered"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(sampled()).toHaveLength(1);
    expect(sampled()[0]).toMatchObject({
      level: 30,
      reqId: 'abc-71',
      app: 'oa',
      mode: 'safe',
      outcome: 'replied',
      sampledEvery: ANSWER_LOG_EVERY,
    });
    for (let i = 1; i < ANSWER_LOG_EVERY; i += 1) {
      await server.app.inject(safeRequest('/wechat', oa, textXml({ msgId: String(10_000 + i) })));
    }
    expect(sampled()).toHaveLength(2);
  });
});
