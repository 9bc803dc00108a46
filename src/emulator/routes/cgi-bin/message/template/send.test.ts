import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../../create-emulator-harness.js';

const OA = { appid: 'wxtemplatesend0oa', secret: 'oa-secret-template', type: 'official-account' } as const;
const PATH = '/cgi-bin/message/template/send';

describe(`POST ${PATH}`, () => {
  let emu: EmulatorHarness;
  let token: string;
  const send = async (body: Record<string, unknown>) =>
    (
      await emu.post(
        PATH,
        { touser: 'oFan', template_id: 'T', data: { n: { value: '1' } }, ...body },
        {
          access_token: token,
        },
      )
    ).json;
  const stats = () => emu.world.stats.snapshot(OA.appid).apps[OA.appid]?.calls[PATH];

  beforeEach(async () => {
    emu = createEmulatorHarness({ apps: [OA] });
    token = await emu.classicToken(OA);
    emu.world.messaging.putTemplate({ appid: OA.appid, templateId: 'T', keys: ['n'] });
    emu.world.users.follow(OA.appid, 'oFan');
  });
  afterEach(() => emu.close());

  it('delivers a repeated client_msg_id once, answers the first msgid and counts the repeat as deduped', async () => {
    const first = await send({ client_msg_id: 'c-1' });
    const again = await send({ client_msg_id: 'c-1' });
    expect(first).toMatchObject({ errcode: 0 });
    expect(again).toEqual({ errcode: 0, errmsg: 'ok', msgid: first['msgid'] });
    expect(emu.world.users.inbox(OA.appid, 'oFan')).toHaveLength(1);
    expect(stats()).toMatchObject({ total: 2, ok: 2, deduped: 1 });
  });

  it('delivers sends without a client_msg_id each time and counts no dedupe', async () => {
    await send({});
    await send({});
    expect(emu.world.users.inbox(OA.appid, 'oFan')).toHaveLength(2);
    expect(stats()).toMatchObject({ total: 2, ok: 2 });
    expect(stats()?.deduped).toBeUndefined();
  });

  it('answers 43004 to a user who unfollowed', async () => {
    emu.world.users.unfollow(OA.appid, 'oFan');
    expect(await send({ client_msg_id: 'c-2' })).toMatchObject({ errcode: 43004 });
    expect(emu.world.users.inbox(OA.appid, 'oFan')).toEqual([]);
  });
});
