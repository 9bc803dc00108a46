import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../create-emulator-harness.js';

const OA = { appid: 'wxtickettest000oa', secret: 'oa-secret-ticket', type: 'official-account' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const MINUTE = 60_000;

describe('GET /cgi-bin/ticket/getticket', () => {
  let emu: EmulatorHarness;
  let token: string;
  const getticket = async (type?: string) =>
    (await emu.get('/cgi-bin/ticket/getticket', { access_token: token, ...(type ? { type } : {}) })).json;

  beforeEach(async () => {
    emu = createEmulatorHarness({ apps: [OA], startAt: START });
    token = await emu.classicToken(OA);
  });
  afterEach(() => emu.close());

  it('answers errcode 0 with a ticket valid for 7200 s', async () => {
    const json = await getticket('jsapi');
    expect(json).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(json['ticket']).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  });

  it('reuses the ticket while more than 5 minutes remain, then issues a new one', async () => {
    const first = await getticket('jsapi');
    emu.world.clock.advance(30 * MINUTE);
    const again = await getticket('jsapi');
    expect(again['ticket']).toBe(first['ticket']);
    expect(again['expires_in']).toBe(7200 - 1800);
    emu.world.clock.advance(85 * MINUTE + 1);
    const token2 = await emu.classicToken(OA);
    const renewed = (await emu.get('/cgi-bin/ticket/getticket', { access_token: token2, type: 'jsapi' }))
      .json;
    expect(renewed['ticket']).not.toBe(first['ticket']);
    expect(emu.world.tickets.resolve(String(first['ticket']))?.appid).toBe(OA.appid);
    expect(emu.world.stats.snapshot().apps[OA.appid]?.ticketsIssued).toBe(2);
  });

  it('keeps jsapi and wx_card tickets apart and counts each minted ticket once', async () => {
    const jsapi = await getticket('jsapi');
    const card = await getticket('wx_card');
    await getticket('jsapi');
    await getticket();
    expect(card['ticket']).not.toBe(jsapi['ticket']);
    const stats = emu.world.stats.snapshot(OA.appid).apps[OA.appid];
    expect(stats?.ticketsIssued).toBe(2);
    expect(stats?.calls['/cgi-bin/ticket/getticket']).toEqual({ total: 4, ok: 4, errors: {} });
  });

  it('answers 40097 to an unknown ticket type', async () => {
    const json = await getticket('qrcode');
    expect(json['errcode']).toBe(40097);
    expect(emu.world.stats.snapshot().apps[OA.appid]?.ticketsIssued).toBe(0);
  });
});
