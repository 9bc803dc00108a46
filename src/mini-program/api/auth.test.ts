import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError, isWeChatHttpError } from '../../kernel/errors/index.js';
import { createApiClient, type ApiClient } from '../../kernel/http/index.js';
import { createMiniProgramAuth } from './auth.js';
import { createMiniProgramPhone } from './phone.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };

describe('miniProgram.auth and miniProgram.phone', () => {
  let fake: FakeWeChat;
  let api: ApiClient;
  beforeEach(async () => {
    fake = await startFakeWeChat();
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
      { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
    );
    api = createApiClient({ baseUrl: fake.url }, { tokens, logger: silent, sleep: async () => {} });
  });
  afterEach(async () => {
    await api.close();
    await fake.close();
  });

  it('code2Session sends appid, secret, js_code and grant_type without an access_token', async () => {
    const answer = { openid: 'o1', session_key: 'c2Vzc2lvbmtleTEyMzQ1Ng==', unionid: 'u1' };
    fake.fail('/sns/jscode2session', { body: JSON.stringify(answer), type: 'application/json' });
    const auth = createMiniProgramAuth({ appid: fake.appid, secret: fake.secret }, { api });
    expect(await auth.code2Session('CODE1')).toEqual(answer);
    const sent = fake.requests.find((r) => r.path === '/sns/jscode2session');
    expect(sent?.query).toEqual({
      appid: fake.appid,
      secret: fake.secret,
      js_code: 'CODE1',
      grant_type: 'authorization_code',
    });
  });

  it('code2Session throws errcode 40163 and is never retried, not even after a 5xx', async () => {
    const auth = createMiniProgramAuth({ appid: fake.appid, secret: fake.secret }, { api });
    fake.fail('/sns/jscode2session', { errcode: 40163, errmsg: 'code been used' });
    const used = await auth.code2Session('C').catch((e: unknown) => e);
    expect(isWeChatApiError(used, 40163)).toBe(true);
    fake.fail('/sns/jscode2session', { status: 503 }, 3);
    const down = await auth.code2Session('C2').catch((e: unknown) => e);
    expect(isWeChatHttpError(down)).toBe(true);
    expect(fake.count('/sns/jscode2session')).toBe(2);
  });

  it('getUserPhoneNumber posts the code with the access_token, once even on 40029', async () => {
    const phone = createMiniProgramPhone({ api });
    const phone_info = {
      phoneNumber: '13800001234',
      purePhoneNumber: '13800001234',
      countryCode: '86',
      watermark: { appid: fake.appid, timestamp: 1 },
    };
    fake.fail('/wxa/business/getuserphonenumber', {
      body: JSON.stringify({ errcode: 0, errmsg: 'ok', phone_info }),
      type: 'application/json',
    });
    expect((await phone.getUserPhoneNumber('P1')).phone_info).toEqual(phone_info);
    const sent = fake.requests.find((r) => r.path === '/wxa/business/getuserphonenumber');
    expect(sent?.body).toEqual({ code: 'P1' });
    expect(sent?.query.access_token).toMatch(/^stable-/);
    fake.fail('/wxa/business/getuserphonenumber', { errcode: 40029, errmsg: 'invalid code' });
    const error = await phone.getUserPhoneNumber('P1').catch((e: unknown) => e);
    expect(isWeChatApiError(error, 40029)).toBe(true);
    expect(fake.count('/wxa/business/getuserphonenumber')).toBe(2);
  });
});
