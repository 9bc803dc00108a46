import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { decryptMiniProgramData } from '../../kernel/crypto/mini-program-data.js';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const MP = { appid: 'wxmptest0000000001', secret: 'mp-secret-1', type: 'mini-program' } as const;
const MP2 = { appid: 'wxmptest0000000002', secret: 'mp-secret-2', type: 'mini-program' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0);

describe('emulated Mini Program login and phone number', () => {
  let emu: EmulatorHarness;
  const login = async (body: Record<string, unknown>) =>
    (await emu.control('POST', '/mp/login', body)).json as { code: string; openid: string };
  const session = async (code: string, app: { appid: string; secret: string } = MP) =>
    (
      await emu.get('/sns/jscode2session', {
        appid: app.appid,
        secret: app.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
    ).json;

  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [MP, MP2], startAt: START });
  });
  afterEach(() => emu.close());

  it('answers openid, session_key and unionid without errcode, then 40163 for the same code', async () => {
    const { code, openid } = await login({ appid: MP.appid, user: 'alice' });
    const first = await session(code);
    expect(Object.keys(first).sort()).toEqual(['openid', 'session_key', 'unionid']);
    expect(first['openid']).toBe(openid);
    expect(Buffer.from(String(first['session_key']), 'base64')).toHaveLength(16);
    expect((await session(code))['errcode']).toBe(40163);
  });

  it('rotates the session_key on each login and keeps openid per app, unionid per person', async () => {
    const a = await session((await login({ appid: MP.appid, user: 'bob' })).code);
    const b = await session((await login({ appid: MP.appid, user: 'bob' })).code);
    const c = await session((await login({ appid: MP2.appid, user: 'bob' })).code, MP2);
    expect(b['openid']).toBe(a['openid']);
    expect(b['session_key']).not.toBe(a['session_key']);
    expect(c['openid']).not.toBe(a['openid']);
    expect(c['unionid']).toBe(a['unionid']);
  });

  it('answers 40029 for unknown, expired and foreign codes, 41008 without code, 40125 for a wrong secret', async () => {
    expect((await session('nope'))['errcode']).toBe(40029);
    const late = await login({ appid: MP.appid });
    emu.world.clock.advance(5 * 60_000 + 1);
    expect((await session(late.code))['errcode']).toBe(40029);
    const foreign = await login({ appid: MP2.appid });
    expect((await session(foreign.code))['errcode']).toBe(40029);
    expect((await session(''))['errcode']).toBe(41008);
    const wrong = await login({ appid: MP.appid });
    expect((await session(wrong.code, { appid: MP.appid, secret: 'bad' }))['errcode']).toBe(40125);
  });

  it('answers 40226 for a blocked person and 45011 past 100 logins a minute', async () => {
    expect(
      (await session((await login({ appid: MP.appid, user: 'eve', blocked: true })).code))['errcode'],
    ).toBe(40226);
    for (let i = 0; i < 100; i += 1) {
      expect(
        (await session((await login({ appid: MP.appid, user: 'busy' })).code))['errcode'],
      ).toBeUndefined();
    }
    expect((await session((await login({ appid: MP.appid, user: 'busy' })).code))['errcode']).toBe(45011);
    emu.world.clock.advance(60_001);
    expect((await session((await login({ appid: MP.appid, user: 'busy' })).code))['openid']).toBeDefined();
  });

  it('returns phone_info with a watermark for a phone code once, 40029 after', async () => {
    const { openid } = await login({ appid: MP.appid, user: 'carol' });
    const { code } = (
      await emu.control('POST', '/mp/phone-code', { appid: MP.appid, openid, phoneNumber: '13800001234' })
    ).json as { code: string };
    const token = await emu.classicToken(MP);
    const first = (await emu.post('/wxa/business/getuserphonenumber', { code }, { access_token: token }))
      .json;
    expect(first).toMatchObject({
      errcode: 0,
      phone_info: { phoneNumber: '13800001234', purePhoneNumber: '13800001234', countryCode: '86' },
    });
    expect((first['phone_info'] as { watermark: { appid: string } }).watermark.appid).toBe(MP.appid);
    const again = (await emu.post('/wxa/business/getuserphonenumber', { code }, { access_token: token }))
      .json;
    expect(again['errcode']).toBe(40029);
  });

  it('builds encryptedData with the current session_key and an appid watermark', async () => {
    const { code, openid } = await login({ appid: MP.appid, user: 'dave' });
    const sessionKey = String((await session(code))['session_key']);
    const built = (
      await emu.control('POST', '/mp/encrypted-data', { appid: MP.appid, openid, data: { nickName: 'D' } })
    ).json as { encryptedData: string; iv: string };
    const data = decryptMiniProgramData({
      sessionKey,
      iv: built.iv,
      encryptedData: built.encryptedData,
      appid: MP.appid,
    });
    expect(data['nickName']).toBe('D');
    expect(data.watermark.timestamp).toBe(Math.floor(START / 1000));
  });
});
