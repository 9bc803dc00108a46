import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../../emulator/create-emulator-harness.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError, isWeChatHttpError } from '../../kernel/errors/index.js';
import { createApiClient, type ApiClient } from '../../kernel/http/index.js';
import { createMiniProgram, type MiniProgram } from './mini-program.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };
const app = { appid: 'wx00000000000mpfacade', secret: 'mp-facade-secret', type: 'mini-program' as const };

let h: EmulatorHarness;
let api: ApiClient;
let mp: MiniProgram;
beforeAll(async () => {
  h = createEmulatorHarness({ apps: [app] });
  const baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens = createAccessTokenBroker(
    { appid: app.appid, secret: app.secret, baseUrl },
    { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
  );
  api = createApiClient({ baseUrl }, { tokens, logger: silent, sleep: async () => {} });
  mp = createMiniProgram({ api, appid: app.appid, secret: app.secret });
});
afterAll(async () => {
  await api.close();
  await h.close();
});

describe('createMiniProgram', () => {
  it('groups the methods by WeChat path over one client', () => {
    expect(Object.keys(mp).sort()).toEqual(['appid', 'auth', 'message', 'phone', 'request']);
    expect(mp.appid).toBe(app.appid);
  });

  it('trades a wx.login() code for the openid of that user, and a used code answers 40163', async () => {
    const { code, openid } = h.world.miniProgram.login(app.appid, 'alice');
    const session = await mp.auth.code2Session(code);
    expect(session.openid).toBe(openid);
    expect(Buffer.from(session.session_key, 'base64')).toHaveLength(16);
    const reused = await mp.auth.code2Session(code).catch((e: unknown) => e);
    expect(isWeChatApiError(reused, 40163)).toBe(true);
  });

  it('never retries code2Session: after one 503 the code is still unspent', async () => {
    const { code, openid } = h.world.miniProgram.login(app.appid, 'bob');
    h.world.faults.add({ path: '/sns/jscode2session', kind: 'http', status: 503, count: 1 });
    const down = await mp.auth.code2Session(code).catch((e: unknown) => e);
    expect(isWeChatHttpError(down)).toBe(true);
    expect((await mp.auth.code2Session(code)).openid).toBe(openid);
  });

  it('reads the phone number behind a getPhoneNumber code', async () => {
    const { openid } = h.world.miniProgram.login(app.appid, 'carol');
    const code = h.world.miniProgram.phoneCode(app.appid, openid, '13800001234') as string;
    const { phone_info } = await mp.phone.getUserPhoneNumber(code);
    expect(phone_info.purePhoneNumber).toBe('13800001234');
    const again = await mp.phone.getUserPhoneNumber(code).catch((e: unknown) => e);
    expect(isWeChatApiError(again, 40029)).toBe(true);
  });

  it('sends a subscribe message once per accepted consent, then 43101', async () => {
    const { openid } = h.world.miniProgram.login(app.appid, 'dave');
    h.world.messaging.putTemplate({ appid: app.appid, templateId: 'TPL-ORDER', keys: ['thing1'] });
    h.world.messaging.recordChoice(app.appid, openid, 'TPL-ORDER', true);
    const body = { touser: openid, template_id: 'TPL-ORDER', data: { thing1: { value: 'shipped' } } };
    const sent = await mp.message.subscribe.send(body);
    expect(sent.msgid).toBeTypeOf('number');
    const inbox = h.world.users.inbox(app.appid, openid);
    expect(inbox.map((e) => [e.via, e.message['template_id']])).toEqual([['subscribe', 'TPL-ORDER']]);
    const refused = await mp.message.subscribe.send(body).catch((e: unknown) => e);
    expect(isWeChatApiError(refused, 43101)).toBe(true);
  });

  it('reaches unwrapped endpoints through request() with the token injected', async () => {
    const { ip_list } = await mp.request<{ ip_list: string[] }>('GET', '/cgi-bin/getcallbackip');
    expect(ip_list.length).toBeGreaterThan(0);
    const error = await mp.request('GET', '/cgi-bin/no/such/api').catch((e: unknown) => e);
    expect(isWeChatApiError(error, 40066)).toBe(true);
  });
});
