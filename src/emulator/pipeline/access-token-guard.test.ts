import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const OA = { appid: 'wxguardtest0000oa', secret: 'oa-secret-guard', type: 'official-account' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

describe.each(['/cgi-bin/getcallbackip', '/cgi-bin/get_api_domain_ip'])(
  'access_token guard on %s',
  (path) => {
    let emu: EmulatorHarness;
    const call = (query: Record<string, string>) => emu.get(path, query);

    beforeEach(() => {
      emu = createEmulatorHarness({ apps: [OA], startAt: START });
    });
    afterEach(() => emu.close());

    it('answers ip_list to a valid token', async () => {
      const { status, json } = await call({ access_token: await emu.classicToken(OA) });
      expect(status).toBe(200);
      expect(json['ip_list']).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+\.\d+\.\d+\.\d+/)]));
    });

    it.each([
      ['missing', {}, 41001, /^access_token missing/],
      ['empty', { access_token: '' }, 41001, /^access_token missing/],
      ['malformed', { access_token: 'not a token!' }, 40014, /^invalid access_token/],
      [
        'unknown',
        { access_token: 'A'.repeat(140) },
        40001,
        /^invalid credential, access_token is invalid or not latest/,
      ],
    ])('answers a %s token with errcode %i', async (_name, query, errcode, errmsg) => {
      const { status, json } = await call(query as Record<string, string>);
      expect(status).toBe(200);
      expect(json['errcode']).toBe(errcode);
      expect(json['errmsg']).toMatch(errmsg);
      expect(json['errmsg']).toMatch(RID);
    });

    it('answers 42001 to an expired token and counts the error for its app', async () => {
      const token = await emu.classicToken(OA);
      emu.world.clock.advance(7200_000);
      expect((await call({ access_token: token })).json['errcode']).toBe(42001);
      expect(emu.world.stats.snapshot().apps[OA.appid]?.calls[path]).toEqual({
        total: 1,
        ok: 0,
        errors: { '42001': 1 },
      });
    });

    it('answers 40001 to a revoked token', async () => {
      const token = await emu.classicToken(OA);
      emu.world.tokens.revoke(OA.appid, 'classic');
      expect((await call({ access_token: token })).json['errcode']).toBe(40001);
    });

    it('gives every error answer a different rid', async () => {
      const a = (await call({})).json['errmsg'];
      const b = (await call({})).json['errmsg'];
      expect(a).not.toBe(b);
    });
  },
);

describe('unknown WeChat paths', () => {
  it('answer 40066 invalid url under the WeChat path families', async () => {
    const emu = createEmulatorHarness({ apps: [OA] });
    const json = (await emu.get('/cgi-bin/no/such/api', { access_token: 'x' })).json;
    expect(json['errcode']).toBe(40066);
    expect(json['errmsg']).toMatch(/^invalid url rid: /);
    expect((await emu.get('/sns/jsCode2Session')).json['errcode']).toBe(40066);
    await emu.close();
  });
});
