import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/adapters/memory/manual-clock.js';
import { startOutboxServer, type OutboxServer } from '../helpers/outbox-server.js';

const KEY = 'gateway-key-for-outbox-e2e';
const clock = createManualClock(Date.now());
let s: OutboxServer;
const send = (body: unknown) => s.call('POST', '/api/messages', body, KEY);
const oaid = () => s.config.apps['oa']!.appid;
const mpid = () => s.config.apps['mp']!.appid;
const follow = (openid: string) =>
  s.emulator('/users/send', { app: 'oa', openid, message: { Event: 'subscribe' } });
const tpl = (touser: string, extra: Record<string, unknown> = {}) => ({
  app: 'oa',
  kind: 'template',
  touser,
  payload: {
    template_id: 'TPL_ORDER',
    data: { first: { value: 'hi' }, keyword1: { value: '42' } },
    ...extra,
  },
});

beforeAll(async () => {
  s = await startOutboxServer({
    gatewayKey: KEY,
    clock,
    outbox: { backoffMs: 20, attempts: 6, quotaResetMarginMs: 300 },
  });
  await s.emulator('/templates', { appid: oaid(), template_id: 'TPL_ORDER', keys: ['first', 'keyword1'] });
  await s.emulator('/templates', { appid: mpid(), template_id: 'SUB_1', keys: ['thing1'] });
}, 30_000);

afterAll(async () => {
  await s?.close();
});

describe('outbox through the server and the emulator', () => {
  it('refuses /api/messages without the gateway key (4015)', async () => {
    const res = await s.call('POST', '/api/messages', tpl('o1'));
    expect(res.status).toBe(401);
    expect(res.json['code']).toBe(4015);
    expect((await s.call('GET', '/api/messages/x', undefined, 'wrong')).status).toBe(401);
  });

  it('delivers a template message exactly once and dedupes a second POST by its key', async () => {
    await follow('oTpl1');
    const first = await send(tpl('oTpl1'));
    expect(first.json['data'].status).toBe('queued');
    const again = await send(tpl('oTpl1'));
    expect(again.json['data']).toMatchObject({ id: first.json['data'].id, duplicate: true });
    const done = await s.waitFor(first.json['data'].id, ['sent', 'dead']);
    expect(done).toMatchObject({ status: 'sent', attempts: 1 });
    const inbox = (await s.inbox('oa', 'oTpl1')).filter((e) => e['via'] === 'template');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!['message'].client_msg_id).toBe(done['clientMsgId']);
  });

  it('retries a template send failed after delivery with the same client_msg_id: delivered once', async () => {
    await follow('oTpl2');
    await s.emulator('/faults', {
      path: '/cgi-bin/message/template/send',
      kind: 'errcode',
      errcode: -1,
      count: 1,
      phase: 'after',
    });
    const res = await send(tpl('oTpl2'));
    const done = await s.waitFor(res.json['data'].id, ['sent', 'dead']);
    expect(done).toMatchObject({ status: 'sent', attempts: 2, lastErrcode: -1 });
    expect((await s.inbox('oa', 'oTpl2')).filter((e) => e['via'] === 'template')).toHaveLength(1);
  });

  it('backs off on a 45011 burst and delivers', async () => {
    await follow('oTpl3');
    await s.emulator('/faults', {
      path: '/cgi-bin/message/template/send',
      kind: 'errcode',
      errcode: 45011,
      count: 2,
    });
    const res = await send(tpl('oTpl3'));
    const done = await s.waitFor(res.json['data'].id, ['sent', 'dead']);
    expect(done).toMatchObject({ status: 'sent', attempts: 3, lastErrcode: 45011 });
    expect((await s.inbox('oa', 'oTpl3')).filter((e) => e['via'] === 'template')).toHaveLength(1);
  });

  it('dead-letters 40037, 45015 and 43101/47003 with their errcode and no retry', async () => {
    await follow('oDead');
    const badTpl = await send(tpl('oDead', { template_id: 'NOPE' }));
    // No interaction for 49 h: the customer-service window is closed.
    await s.emulator('/users/send', { app: 'oa', openid: 'oOld', message: { Event: 'subscribe' } });
    await s.emulator('/clock', { advanceMs: 49 * 3600_000 });
    const late = await send({
      app: 'oa',
      kind: 'custom',
      touser: 'oOld',
      payload: { msgtype: 'text', text: { content: 'x' } },
    });
    const refused = await send({
      app: 'mp',
      kind: 'subscribe',
      touser: 'oNoConsent',
      payload: { template_id: 'SUB_1', data: { thing1: { value: 'a' } } },
    });
    await s.emulator('/mp/subscribe', {
      appid: mpid(),
      openid: 'oBadData',
      template_id: 'SUB_1',
      accept: true,
    });
    const badData = await send({
      app: 'mp',
      kind: 'subscribe',
      touser: 'oBadData',
      payload: { template_id: 'SUB_1', data: {} },
    });
    const expected: Array<[string, number]> = [
      [badTpl.json['data'].id, 40037],
      [late.json['data'].id, 45015],
      [refused.json['data'].id, 43101],
      [badData.json['data'].id, 47003],
    ];
    for (const [id, errcode] of expected) {
      expect(await s.waitFor(id, ['sent', 'dead', 'skipped'])).toMatchObject({
        status: 'dead',
        attempts: 1,
        lastErrcode: errcode,
      });
    }
    await s.emulator('/clock', { advanceMs: 0 });
  });

  it('records a subscribe accept pushed by the emulator and sends exactly one message', async () => {
    const pushed = await s.emulator('/mp/subscribe', {
      appid: mpid(),
      openid: 'oSub1',
      template_id: 'SUB_1',
      accept: true,
    });
    expect(pushed['push'].outcome).not.toBe('undelivered');
    const res = await send({
      app: 'mp',
      kind: 'subscribe',
      touser: 'oSub1',
      payload: { template_id: 'SUB_1', data: { thing1: { value: 'ok' } } },
    });
    expect(await s.waitFor(res.json['data'].id, ['sent', 'dead', 'skipped'])).toMatchObject({
      status: 'sent',
    });
    expect((await s.inbox('mp', 'oSub1')).filter((e) => e['via'] === 'subscribe')).toHaveLength(1);
  });

  it('skips a send to a rejected template with a reason and no API call', async () => {
    await s.emulator('/mp/subscribe', {
      appid: mpid(),
      openid: 'oSub2',
      template_id: 'SUB_1',
      accept: false,
    });
    const subscribeCalls = async (): Promise<number> => {
      const stats = (await s.call('GET', `/__emulator/stats?appid=${mpid()}`)).json as {
        apps: Record<string, { calls: Record<string, { total: number }> }>;
      };
      return stats.apps[mpid()]?.calls['/cgi-bin/message/subscribe/send']?.total ?? 0;
    };
    const callsBefore = await subscribeCalls();
    // The accepted send of the previous test was counted, so the counter is real.
    expect(callsBefore).toBeGreaterThan(0);
    const res = await send({
      app: 'mp',
      kind: 'subscribe',
      touser: 'oSub2',
      payload: { template_id: 'SUB_1', data: { thing1: { value: 'no' } } },
    });
    const done = await s.waitFor(res.json['data'].id, ['sent', 'dead', 'skipped']);
    expect(done).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(done['lastError']).toContain('reject');
    expect(await subscribeCalls()).toBe(callsBefore);
    expect(await s.inbox('mp', 'oSub2')).toEqual([]);
  });

  it('pauses on 45009 until the Asia/Shanghai midnight, then delivers', async () => {
    await follow('oQuota');
    const nowMs = Date.now();
    const midnight = (Math.floor((nowMs + 8 * 3600_000) / 86_400_000) + 1) * 86_400_000 - 8 * 3600_000;
    await s.emulator('/clock', { setMs: midnight - 1000 });
    clock.set(midnight - 1000);
    await s.emulator('/quota', { appid: oaid(), path: '/cgi-bin/message/template/send', exhaust: true });
    const res = await send(tpl('oQuota'));
    const paused = await s.waitFor(res.json['data'].id, ['failed', 'sent', 'dead']);
    expect(paused).toMatchObject({ status: 'failed', lastErrcode: 45009 });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await s.call('GET', `/api/messages/${res.json['data'].id}`, undefined, KEY)).json['data'].status,
    ).toBe('failed');
    await s.emulator('/clock', { setMs: midnight + 1000 });
    clock.set(midnight + 1000);
    expect(await s.waitFor(res.json['data'].id, ['sent', 'dead'])).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });
});
