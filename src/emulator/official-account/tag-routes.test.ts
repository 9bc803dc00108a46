import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const OA = {
  appid: 'wx00000000000tag01',
  secret: 'tag-secret',
  type: 'official-account',
  name: 'oa',
} as const;
const FANS = Array.from({ length: 3 }, (_, i) => `oTagFan${i}`);

let emu: EmulatorHarness;
let token: string;

const get = async (path: string) => (await emu.get(path, { access_token: token })).json;
const post = async (path: string, body: unknown) =>
  (await emu.post(path, body, { access_token: token })).json;
const create = async (name: string) => post('/cgi-bin/tags/create', { tag: { name } });

beforeAll(async () => {
  emu = createEmulatorHarness({ apps: [OA] });
  token = await emu.classicToken(OA);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.world.tags.reset();
  for (const openid of FANS) emu.world.users.follow(OA.appid, openid);
});

describe('tag routes', () => {
  it('creates tags from id 100, lists them with counts, renames and deletes them', async () => {
    expect(await create('广东')).toEqual({ tag: { id: 100, name: '广东' } });
    expect(await create('星标')).toEqual({ tag: { id: 101, name: '星标' } });
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: FANS.slice(0, 2), tagid: 100 });
    expect(await get('/cgi-bin/tags/get')).toEqual({
      tags: [
        { id: 100, name: '广东', count: 2 },
        { id: 101, name: '星标', count: 0 },
      ],
    });
    expect(await post('/cgi-bin/tags/update', { tag: { id: 100, name: '广东人' } })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(await post('/cgi-bin/tags/delete', { tag: { id: 100 } })).toMatchObject({ errcode: 0 });
    expect(emu.world.tags.list(OA.appid)).toEqual([{ id: 101, name: '星标', count: 0 }]);
    expect(emu.world.tags.tagsOf(OA.appid, FANS[0]!)).toEqual([]);
  });

  it('answers 45157 for a taken name, 45158 past 30 bytes and 45056 past 100 tags', async () => {
    await create('dup');
    expect((await create('dup'))['errcode']).toBe(45157);
    expect((await create(''))['errcode']).toBe(45157);
    expect((await create('一二三四五六七八九十'))['tag']).toBeDefined(); // 30 bytes
    expect((await create('一二三四五六七八九十x'))['errcode']).toBe(45158);
    for (let i = emu.world.tags.list(OA.appid).length; i < 100; i += 1) await create(`t${i}`);
    expect((await create('one-too-many'))['errcode']).toBe(45056);
    expect(emu.world.tags.list(OA.appid)).toHaveLength(100);
  });

  it('keeps ids 0–2 for the system (45058) and answers 45159 for unknown ids', async () => {
    await create('a');
    await create('b');
    expect((await post('/cgi-bin/tags/update', { tag: { id: 2, name: 'x' } }))['errcode']).toBe(45058);
    expect((await post('/cgi-bin/tags/delete', { tag: { id: 1 } }))['errcode']).toBe(45058);
    expect((await post('/cgi-bin/tags/update', { tag: { id: 999, name: 'x' } }))['errcode']).toBe(45159);
    expect((await post('/cgi-bin/tags/update', { tag: { id: 100, name: 'b' } }))['errcode']).toBe(45157);
    expect((await post('/cgi-bin/tags/delete', { tag: { id: 999 } }))['errcode']).toBe(45159);
  });

  it('tags at most 50 followers a call (40032), only followers (40003), only known tags (45159)', async () => {
    await create('a');
    const many = Array.from({ length: 51 }, (_, i) => `o${i}`);
    expect(
      (await post('/cgi-bin/tags/members/batchtagging', { openid_list: many, tagid: 100 }))['errcode'],
    ).toBe(40032);
    expect(
      (await post('/cgi-bin/tags/members/batchtagging', { openid_list: [], tagid: 100 }))['errcode'],
    ).toBe(40032);
    const stranger = { openid_list: [FANS[0], 'oStranger'], tagid: 100 };
    expect((await post('/cgi-bin/tags/members/batchtagging', stranger))['errcode']).toBe(40003);
    expect(emu.world.tags.members(OA.appid, 100)).toEqual([]);
    expect(
      (await post('/cgi-bin/tags/members/batchtagging', { openid_list: FANS, tagid: 2 }))['errcode'],
    ).toBe(45159);
  });

  it('stops at 20 tags a follower (45059) without tagging anyone of the batch', async () => {
    for (let i = 0; i < 21; i += 1) await create(`t${i}`);
    for (let id = 100; id < 120; id += 1) emu.world.tags.tag(OA.appid, id, [FANS[0]!]);
    const over = await post('/cgi-bin/tags/members/batchtagging', { openid_list: FANS, tagid: 120 });
    expect(over['errcode']).toBe(45059);
    expect(emu.world.tags.members(OA.appid, 120)).toEqual([]);
  });

  it('lists a follower’s tags and a tag’s followers from next_openid on', async () => {
    await create('a');
    await create('b');
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: FANS, tagid: 101 });
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: [FANS[1]], tagid: 100 });
    expect(await post('/cgi-bin/tags/getidlist', { openid: FANS[1] })).toEqual({ tagid_list: [101, 100] });
    expect((await post('/cgi-bin/tags/getidlist', { openid: 'oStranger' }))['errcode']).toBe(40003);
    expect(await post('/cgi-bin/user/tag/get', { tagid: 101 })).toEqual({
      count: 3,
      data: { openid: FANS },
      next_openid: FANS[2],
    });
    expect(await post('/cgi-bin/user/tag/get', { tagid: 101, next_openid: FANS[0] })).toEqual({
      count: 2,
      data: { openid: FANS.slice(1) },
      next_openid: FANS[2],
    });
    expect(await post('/cgi-bin/user/tag/get', { tagid: 101, next_openid: FANS[2] })).toEqual({
      count: 0,
      next_openid: '',
    });
    await post('/cgi-bin/tags/members/batchuntagging', { openid_list: [FANS[0]], tagid: 101 });
    expect(emu.world.tags.members(OA.appid, 101)).toEqual(FANS.slice(1));
    expect((await post('/cgi-bin/user/tag/get', { tagid: 555 }))['errcode']).toBe(45159);
  });
});
