import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseXml } from '../../kernel/xml/index.js';
import type { EmulatorApp } from '../world/app-book.js';
import { createWorld, type World } from '../world/world.js';
import {
  buildXml,
  sealReply,
  startCallbackPeer,
  textReply,
  type CallbackPeer,
} from './callback-peer.test-helper.js';
import { WECHAT_SERVICE_ERROR } from './read-reply.js';
import { sendAsUser } from './simulate-user.js';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OA: EmulatorApp = {
  appid: 'wx00000000000000a1',
  secret: 's',
  type: 'official-account',
  name: 'oa',
  token: 'cbtoken',
  aesKey: AES_KEY,
  originalId: 'gh_0123456789ab',
};
const OPENID = 'oUser0000000000000000000001';
const MESSAGES: Record<string, unknown>[] = [
  { MsgType: 'text', Content: '你好' },
  { MsgType: 'image' },
  { MsgType: 'voice' },
  { MsgType: 'video' },
  { MsgType: 'shortvideo' },
  { MsgType: 'location' },
  { MsgType: 'link' },
  { Event: 'subscribe', EventKey: 'qrscene_7' },
  { Event: 'unsubscribe' },
  { Event: 'SCAN', EventKey: '7' },
  { Event: 'LOCATION' },
  { Event: 'CLICK', EventKey: 'K' },
  { Event: 'VIEW' },
  { Event: 'scancode_push' },
  { Event: 'scancode_waitmsg' },
  { Event: 'pic_sysphoto' },
  { Event: 'pic_photo_or_album' },
  { Event: 'pic_weixin' },
  { Event: 'location_select' },
  { Event: 'TEMPLATESENDJOBFINISH' },
  {
    Event: 'subscribe_msg_popup_event',
    List: [{ TemplateId: 'T1', SubscribeStatusString: 'accept', PopupScene: 2 }],
  },
  { Event: 'subscribe_msg_change_event', List: { TemplateId: 'T1', SubscribeStatusString: 'reject' } },
  {
    Event: 'subscribe_msg_sent_event',
    List: [{ TemplateId: 'T1', MsgID: '1', ErrorCode: 0, ErrorStatus: 'success' }],
  },
];

let peer: CallbackPeer;
let world: World;
const put = (app: Partial<EmulatorApp>) =>
  world.apps.put({ ...OA, ...app, callbackUrl: `${peer.url}/wechat/oa` });
const send = (message: Record<string, unknown>, app = world.apps.get(OA.appid)!) =>
  sendAsUser(world, { app, openid: OPENID, message }).done;
const reply = (to = OPENID, from = OA.originalId!) => buildXml(textReply(to, from, 'hello back'));

beforeAll(async () => {
  peer = await startCallbackPeer({ token: OA.token!, appid: OA.appid, aesKey: AES_KEY });
});
afterAll(() => peer.close());
beforeEach(() => {
  world = createWorld({ pushTimeoutMs: 200, clock: { now: () => Date.UTC(2024, 4, 1) } });
  peer.reset();
});

describe('pushes in every mode', () => {
  const modes = [
    { msgMode: 'plain', pushFormat: 'xml' },
    { msgMode: 'compatible', pushFormat: 'xml' },
    { msgMode: 'safe', pushFormat: 'xml' },
    { msgMode: 'plain', pushFormat: 'json' },
    { msgMode: 'compatible', pushFormat: 'json' },
    { msgMode: 'safe', pushFormat: 'json' },
  ] as const;

  it.each(modes)('sends every message and event signed, in $msgMode mode as $pushFormat', async (mode) => {
    const type = mode.pushFormat === 'json' ? 'mini-program' : 'official-account';
    const app = put({ ...mode, type });
    for (const message of MESSAGES) {
      const record = await send(message, app);
      const got = peer.requests.at(-1)!;
      expect(record.outcome).toBe('nothing');
      expect(got.signatureOk).toBe(true);
      expect(got.contentType).toBe(mode.pushFormat === 'json' ? 'application/json' : 'text/xml');
      expect(got.query['openid']).toBe(type === 'official-account' ? OPENID : undefined);
      const pushed = mode.pushFormat === 'json' ? JSON.parse(got.plain) : parseXml(got.plain);
      expect(pushed).toMatchObject({
        ToUserName: OA.originalId,
        FromUserName: OPENID,
        MsgType: message['MsgType'] ?? 'event',
      });
      expect(String(pushed.CreateTime)).toBe(record.push['CreateTime']);
      if (mode.msgMode === 'plain') {
        expect(got.query['encrypt_type']).toBeUndefined();
        expect(got.body).not.toContain('Encrypt');
        continue;
      }
      expect(got.query['encrypt_type']).toBe('aes');
      expect(got.msgSignatureOk).toBe(true);
      const outer = mode.pushFormat === 'json' ? JSON.parse(got.body) : parseXml(got.body);
      const outerKeys = Object.keys(outer).sort();
      if (mode.msgMode === 'safe') expect(outerKeys).toEqual(['Encrypt', 'ToUserName']);
      else expect(outerKeys).toEqual([...Object.keys(pushed), 'Encrypt'].sort());
    }
    expect(peer.requests).toHaveLength(MESSAGES.length);
  });
});

describe('delivery like WeChat', () => {
  it('retries a timed-out push with the same MsgId and fresh nonces, then shows the reply', async () => {
    put({ msgMode: 'safe' });
    const sealed = sealReply(reply(), { token: OA.token!, appid: OA.appid, aesKey: AES_KEY });
    peer.script({ delayMs: 400 }, { delayMs: 400 }, { delayMs: 400 }, { body: sealed });
    const record = await send({ MsgType: 'text', Content: 'hi' });
    expect(record.deliveries.map((d) => d.error ?? d.status)).toEqual(['timeout', 'timeout', 'timeout', 200]);
    expect(record.outcome).toBe('replied');
    const msgIds = peer.requests.map((r) => parseXml(r.plain)['MsgId']);
    expect(new Set(msgIds)).toEqual(new Set([record.push['MsgId']]));
    expect(new Set(peer.requests.map((r) => r.query['nonce'])).size).toBe(4);
    expect(peer.requests.every((r) => r.signatureOk && r.msgSignatureOk)).toBe(true);
  });

  it('gives up after 4 deliveries answered 500 and the user sees nothing', async () => {
    put({ msgMode: 'plain' });
    peer.script(...Array.from({ length: 4 }, () => ({ status: 500 })), { body: reply() });
    const record = await send({ MsgType: 'text', Content: 'hi' });
    expect(record.deliveries.map((d) => d.status)).toEqual([500, 500, 500, 500]);
    expect(record).toMatchObject({ outcome: 'undelivered', state: 'done' });
    expect(record.error).toMatch(/no HTTP 200 after 4/);
    expect(new Set(peer.requests.map((r) => parseXml(r.body)['MsgId'])).size).toBe(1);
    expect(world.users.inbox(OA.appid, OPENID)).toEqual([]);
    expect(world.stats.snapshot().apps[OA.appid]?.pushes).toEqual({
      attempted: 1,
      deliveries: 4,
      delivered: 0,
      failed: 1,
    });
  });

  it('counts a refused connection as a failed attempt', async () => {
    world.apps.put({ ...OA, msgMode: 'plain', callbackUrl: 'http://127.0.0.1:9/wechat' });
    const record = await send({ Event: 'CLICK', EventKey: 'K' });
    expect(record.outcome).toBe('undelivered');
    expect(record.deliveries).toHaveLength(4);
    expect(record.deliveries[0]?.error).toMatch(/ECONNREFUSED/);
  });
});

describe('reading the reply like WeChat', () => {
  const seal = (plain: string) => sealReply(plain, { token: OA.token!, appid: OA.appid, aesKey: AES_KEY });

  it('decrypts and shows an encrypted reply, and records it in the inbox', async () => {
    put({ msgMode: 'safe' });
    peer.script({ body: seal(reply()) });
    const record = await send({ MsgType: 'text', Content: 'hi' });
    expect(record).toMatchObject({ outcome: 'replied', shown: { MsgType: 'text', Content: 'hello back' } });
    expect(world.users.inbox(OA.appid, OPENID).map((e) => [e.via, e.message['Content']])).toEqual([
      ['passive', 'hello back'],
    ]);
  });

  it.each([
    [
      'a bad MsgSignature',
      // Change the first hex digit to a different one (a fixed '0' would be no change 1 time in 16).
      () =>
        seal(reply()).replace(
          /<MsgSignature><!\[CDATA\[(\w)/,
          (_m, first: string) => `<MsgSignature><![CDATA[${first === '0' ? '1' : '0'}`,
        ),
      /MsgSignature/,
    ],
    ['a wrong ToUserName', () => seal(reply('someone-else')), /ToUserName/],
    ['a wrong FromUserName', () => seal(reply(OPENID, 'gh_ffffffffffff')), /FromUserName/],
    ['malformed XML', () => '<xml><ToUserName>', /not valid XML/],
    ['a plaintext reply in safe mode', () => reply(), /encrypted reply/],
    ['an unknown MsgType', () => seal(reply().replace('[text]', '[sticker]')), /MsgType/],
  ])('shows WeChat error text for %s', async (_name, body, reason) => {
    put({ msgMode: 'safe' });
    peer.script({ body: body() });
    const record = await send({ MsgType: 'text', Content: 'hi' });
    expect(record.outcome).toBe('error');
    expect(record.error).toMatch(reason);
    expect(record.shown).toEqual({ MsgType: 'text', Content: WECHAT_SERVICE_ERROR });
    expect(world.users.inbox(OA.appid, OPENID).map((e) => e.via)).toEqual(['error']);
  });

  it('accepts a plaintext reply in compatible mode and shows nothing for success or empty', async () => {
    put({ msgMode: 'compatible' });
    peer.script({ body: reply() }, { body: 'success' }, { body: '' });
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) outcomes.push((await send({ MsgType: 'text', Content: `m${i}` })).outcome);
    expect(outcomes).toEqual(['replied', 'nothing', 'nothing']);
    expect(world.users.inbox(OA.appid, OPENID)).toHaveLength(1);
  });

  it('reads an encrypted JSON reply of a Mini Program and rejects a news reply over 8 articles', async () => {
    put({ type: 'mini-program', msgMode: 'safe', pushFormat: 'json' });
    const json = JSON.stringify(textReply(OPENID, OA.originalId!, 'json back'));
    const articles = Array.from({ length: 9 }, (_, i) => ({ Title: `t${i}` }));
    const news = {
      ...textReply(OPENID, OA.originalId!, ''),
      MsgType: 'news',
      ArticleCount: 9,
      Articles: articles,
    };
    const sealJson = (plain: string) =>
      sealReply(plain, { token: OA.token!, appid: OA.appid, aesKey: AES_KEY, json: true });
    peer.script({ body: sealJson(json) }, { body: sealJson(JSON.stringify(news)) });
    expect((await send({ MsgType: 'text', Content: 'a' })).shown).toMatchObject({ Content: 'json back' });
    expect((await send({ MsgType: 'text', Content: 'b' })).error).toMatch(/9 articles/);
  });

  it('keeps the inbox in order and tracks following and interactions', async () => {
    put({ msgMode: 'plain' });
    peer.script({ body: reply() }, { body: 'success' }, { body: reply() });
    await send({ Event: 'subscribe' });
    expect(world.users.user(OA.appid, OPENID)).toMatchObject({ following: true });
    world.clock.advance(60_000);
    await send({ MsgType: 'text', Content: 'x' });
    const after = world.users.user(OA.appid, OPENID)!;
    expect(after.lastInteractionAt! - after.subscribedAt!).toBe(60_000);
    await send({ Event: 'unsubscribe' });
    expect(world.users.user(OA.appid, OPENID)).toMatchObject({ following: false });
    const inbox = world.users.inbox(OA.appid, OPENID);
    expect(inbox.map((e) => e.seq)).toEqual([...inbox.map((e) => e.seq)].sort((a, b) => a - b));
    expect(inbox).toHaveLength(2);
  });
});
