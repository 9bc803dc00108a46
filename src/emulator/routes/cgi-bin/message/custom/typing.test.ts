import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../../create-emulator-harness.js';

const OA = { appid: 'wxtypingroute0001', secret: 's1', type: 'official-account' as const };
let emu: EmulatorHarness;
let token: string;

beforeEach(async () => {
  emu = createEmulatorHarness({ apps: [OA] });
  token = await emu.classicToken(OA);
  emu.world.users.follow(OA.appid, 'oT');
});
afterEach(() => emu.close());

const typing = async (body: unknown) =>
  (await emu.post('/cgi-bin/message/custom/typing', body, { access_token: token })).json;
const send = async (body: unknown) =>
  (await emu.post('/cgi-bin/message/custom/send', body, { access_token: token })).json;

describe('POST /cgi-bin/message/custom/typing', () => {
  it('records the latest command per user', async () => {
    expect(await typing({ touser: 'oT', command: 'Typing' })).toEqual({ errcode: 0, errmsg: 'ok' });
    await typing({ touser: 'oT', command: 'CancelTyping' });
    expect(emu.world.users.user(OA.appid, 'oT')?.typing?.command).toBe('CancelTyping');
  });

  it('answers 40003 for an unknown user and 40097 for an unknown command, recording nothing', async () => {
    expect((await typing({ touser: 'oX', command: 'Typing' }))['errcode']).toBe(40003);
    expect((await typing({ touser: 'oT', command: 'typing' }))['errcode']).toBe(40097);
    expect(emu.world.users.user(OA.appid, 'oT')?.typing).toBeUndefined();
  });
});

describe('POST /cgi-bin/message/custom/send media checks', () => {
  it('answers 40007 for a miniprogrampage without a live thumb and delivers nothing', async () => {
    const page = { title: 't', appid: 'wxmp', pagepath: 'p', thumb_media_id: 'nope' };
    expect((await send({ touser: 'oT', msgtype: 'miniprogrampage', miniprogrampage: page }))['errcode']).toBe(
      40007,
    );
    expect((await send({ touser: 'oT', msgtype: 'voice', voice: {} }))['errcode']).toBe(40007);
    expect(emu.world.users.inbox(OA.appid, 'oT')).toEqual([]);
  });
});
