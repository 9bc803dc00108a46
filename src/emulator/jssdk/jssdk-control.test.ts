import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const OA = { appid: 'wxoatest0000000001', secret: 'oa-secret-1', type: 'official-account' } as const;
const MP = { appid: 'wxmptest0000000001', secret: 'mp-secret-1', type: 'mini-program' } as const;
const PAGE = 'https://h5.example.com/demo?x=1';

/** WeChat's algorithm written out, so a bug shared with the kernel signer cannot hide. */
const sign = (ticket: string, nonceStr: string, timestamp: number, url: string) =>
  createHash('sha1')
    .update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`)
    .digest('hex');

describe('emulated JS-SDK client: jweixin.js and wx.config verification', () => {
  let emu: EmulatorHarness;
  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [OA, MP] });
  });
  afterEach(() => emu.close());

  const ticket = async () => {
    const access_token = await emu.classicToken(OA);
    const answer = await emu.get('/cgi-bin/ticket/getticket', { access_token, type: 'jsapi' });
    return String(answer.json['ticket']);
  };
  const verify = (body: Record<string, unknown>) =>
    emu.control('POST', '/jssdk/verify', JSON.stringify(body));

  it('accepts a signature made with the current jsapi_ticket over the URL without its fragment', async () => {
    const signature = sign(await ticket(), 'n0nce', 1_700_000_000, PAGE);
    const body = { appId: OA.appid, timestamp: 1_700_000_000, nonceStr: 'n0nce', signature };
    expect((await verify({ ...body, url: `${PAGE}#top` })).json).toEqual({ ok: true, errMsg: 'config:ok' });
    expect((await verify({ ...body, timestamp: '1700000000', url: PAGE })).json['ok']).toBe(true);
  });

  it('answers invalid signature for a tampered signature, another URL or a ticket from nowhere', async () => {
    const live = await ticket();
    const good = sign(live, 'n0nce', 1_700_000_000, PAGE);
    const base = { appId: OA.appid, timestamp: 1_700_000_000, nonceStr: 'n0nce', url: PAGE };
    const tampered = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    for (const body of [
      { ...base, signature: tampered },
      { ...base, signature: good, url: `${PAGE}&y=2` },
      { ...base, signature: sign('not-a-ticket', 'n0nce', 1_700_000_000, PAGE) },
      { ...base, signature: good, timestamp: 'soon' },
    ]) {
      expect((await verify(body)).json).toEqual({ ok: false, errMsg: 'config:invalid signature' });
    }
    emu.world.reset();
    expect((await verify({ ...base, signature: good })).json['ok']).toBe(false);
  });

  it('refuses unknown appIds and Mini Program appIds', async () => {
    const body = { timestamp: 1, nonceStr: 'n', signature: 'x', url: PAGE };
    expect((await verify({ ...body, appId: 'wxnope' })).json['errMsg']).toBe('config:invalid appid');
    expect((await verify({ ...body, appId: MP.appid })).json['errMsg']).toBe('config:invalid appid');
  });

  it('serves jweixin.js as JavaScript defining wx.config, wx.ready and wx.error', async () => {
    const res = await emu.app.inject({ method: 'GET', url: '/__emulator/jweixin.js' });
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.body).toContain('/__emulator/jssdk/verify');
    expect(() => new Function(res.body)).not.toThrow();
  });

  it('still accepts the previous ticket while it lives after a new one was issued', async () => {
    const old = await ticket();
    emu.world.clock.advance(7200_000 - 4 * 60_000);
    const current = await ticket();
    expect(current).not.toBe(old);
    const body = { appId: OA.appid, timestamp: 1_700_000_000, nonceStr: 'n0nce', url: PAGE };
    expect((await verify({ ...body, signature: sign(old, 'n0nce', 1_700_000_000, PAGE) })).json['ok']).toBe(
      true,
    );
    expect(
      (await verify({ ...body, signature: sign(current, 'n0nce', 1_700_000_000, PAGE) })).json['ok'],
    ).toBe(true);
    emu.world.clock.advance(5 * 60_000);
    expect((await verify({ ...body, signature: sign(old, 'n0nce', 1_700_000_000, PAGE) })).json['ok']).toBe(
      false,
    );
  });
});
