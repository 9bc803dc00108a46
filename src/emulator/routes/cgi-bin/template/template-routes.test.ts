import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../create-emulator-harness.js';

const OA = { appid: 'wxtplroute0000001', secret: 's1', type: 'official-account' as const };
const OTHER = { appid: 'wxtplroute0000002', secret: 's2', type: 'official-account' as const };
let emu: EmulatorHarness;
let token: string;

beforeEach(async () => {
  emu = createEmulatorHarness({ apps: [OA, OTHER] });
  token = await emu.classicToken(OA);
  await emu.control('POST', '/templates', { appid: OA.appid, template_id: 'T1', keys: ['a'], title: '到货' });
  await emu.control('POST', '/templates', { appid: OTHER.appid, template_id: 'T2', keys: ['b'] });
});
afterEach(() => emu.close());

describe('template list routes', () => {
  it("lists only the calling app's templates with WeChat's fields", async () => {
    const { json } = await emu.get('/cgi-bin/template/get_all_private_template', { access_token: token });
    expect(json).toEqual({
      template_list: [
        {
          template_id: 'T1',
          title: '到货',
          primary_industry: 'IT科技',
          deputy_industry: '互联网|电子商务',
          content: '{{a.DATA}}',
          example: '',
        },
      ],
    });
  });

  it("does not delete another app's template (40037) and shows the change in the control API", async () => {
    const del = (id: string) =>
      emu.post('/cgi-bin/template/del_private_template', { template_id: id }, { access_token: token });
    expect((await del('T2')).json['errcode']).toBe(40037);
    expect((await emu.control('GET', `/templates?appid=${OTHER.appid}`)).json['templates']).toHaveLength(1);
    expect((await del('T1')).json).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await emu.control('GET', `/templates?appid=${OA.appid}`)).json['templates']).toEqual([]);
  });
});
