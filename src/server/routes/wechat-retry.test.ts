import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, parseInboundBody, replyText } from '../../callback/index.js';
import {
  appConfig,
  openReply,
  safeRequest,
  startCallbackServer,
  textXml,
  type CallbackServer,
} from '../../../test/helpers/callback-kit.js';
import { REPLY_LATER_JOB } from '../../outbox/index.js';
import type { CallbackContext } from './wechat/callback-context.js';

const oa = appConfig('oa', { appid: 'wx1111111111111111' });
const DEADLINE_MS = 300;
let server: CallbackServer;
const runs = new Map<string, number>();
const count = (content: string) => runs.set(content, (runs.get(content) ?? 0) + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const router = createRouter<CallbackContext>()
    .onKeyword('slow', async (m) => {
      count('slow');
      await sleep(1000);
      return replyText(m, 'slow result', 1700000002);
    })
    .onKeyword('boom', () => {
      count('boom');
      throw new Error('handler bug');
    })
    .onKeyword('later', async (m, ctx) => {
      count('later');
      await ctx.replyLater(replyText(m, 'queued on purpose', 1700000003));
    })
    .onMessage('text', (m) => {
      count(m.Content);
      return replyText(m, `echo:${m.Content}`, 1700000001);
    });
  server = await startCallbackServer({
    apps: [oa],
    callbacks: { oa: router },
    callback: { deadlineMs: DEADLINE_MS },
  });
});
afterAll(async () => {
  await server?.close();
});

const content = (body: string) => parseInboundBody(openReply(oa, body), 'xml').Content;

describe('POST /wechat with WeChat retries', () => {
  it('runs a duplicate delivery once and answers the same reply, freshly encrypted', async () => {
    const message = textXml({ content: 'dup', msgId: '501' });
    const first = await server.app.inject(safeRequest('/wechat', oa, message));
    const retry = await server.app.inject(safeRequest('/wechat', oa, message));
    expect(runs.get('dup')).toBe(1);
    expect(content(first.body)).toBe('echo:dup');
    expect(content(retry.body)).toBe('echo:dup');
    expect(retry.body).not.toBe(first.body);
  });

  it('makes a retry of a running push wait for its reply', async () => {
    const message = textXml({ content: 'concurrent', msgId: '502' });
    const [a, b] = await Promise.all([
      server.app.inject(safeRequest('/wechat', oa, message)),
      server.app.inject(safeRequest('/wechat', oa, message)),
    ]);
    expect(runs.get('concurrent')).toBe(1);
    expect([content(a.body), content(b.body)]).toEqual(['echo:concurrent', 'echo:concurrent']);
  });

  it('answers success past the deadline, keeps retries consistent and queues the late reply', async () => {
    const message = textXml({ content: 'slow', msgId: '503', from: 'oSlowUser' });
    const started = Date.now();
    const first = await server.app.inject(safeRequest('/wechat', oa, message));
    expect(Date.now() - started).toBeLessThan(900);
    expect(first.body).toBe('success');
    const retryWhileRunning = await server.app.inject(safeRequest('/wechat', oa, message));
    expect(retryWhileRunning.body).toBe('success');
    await sleep(1000);
    const retryAfter = await server.app.inject(safeRequest('/wechat', oa, message));
    expect(retryAfter.body).toBe('success');
    expect(runs.get('slow')).toBe(1);
    const jobs = (await server.jobs()).filter(
      (j) => j.queue === REPLY_LATER_JOB && j.idempotency_key?.includes(':msg:503:'),
    );
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.data)).toEqual({
      app: 'oa',
      openid: 'oSlowUser',
      reply: {
        ToUserName: 'oSlowUser',
        FromUserName: 'gh_account',
        CreateTime: 1700000002,
        MsgType: 'text',
        Content: 'slow result',
      },
    });
  });

  it('answers success when a handler throws and lets a retry run it again', async () => {
    const message = textXml({ content: 'boom', msgId: '504' });
    const first = await server.app.inject(safeRequest('/wechat', oa, message));
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe('success');
    await server.app.inject(safeRequest('/wechat', oa, message));
    expect(runs.get('boom')).toBe(2);
    expect(server.logs().split('callback handler failed').length - 1).toBe(2);
  });

  it('queues ctx.replyLater once even when WeChat retries', async () => {
    const message = textXml({ content: 'later', msgId: '505', from: 'oLater' });
    await server.app.inject(safeRequest('/wechat', oa, message));
    await server.app.inject(safeRequest('/wechat', oa, message));
    const jobs = (await server.jobs()).filter((j) => j.idempotency_key?.includes(':msg:505:'));
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.data)).toMatchObject({
      app: 'oa',
      openid: 'oLater',
      reply: { Content: 'queued on purpose' },
    });
  });

  it('counts outcomes on /metrics', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(
      /wegate_callbacks_total\{app="oa",mode="safe",outcome="deadline",reason=""\} [2-9]/,
    );
    expect(res.body).toMatch(
      /wegate_callbacks_total\{app="oa",mode="safe",outcome="duplicate",reason=""\} \d/,
    );
    expect(res.body).toMatch(/wegate_callbacks_total\{app="oa",mode="safe",outcome="replied",reason=""\} \d/);
    expect(res.body).toMatch(/wegate_callback_duration_seconds_count\{app="oa",outcome="replied"\} \d/);
  });
});
