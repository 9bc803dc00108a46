import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signCallback } from '../../kernel/crypto/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';
import {
  buildXml,
  startCallbackPeer,
  textReply,
  type CallbackPeer,
} from '../user/callback-peer.test-helper.js';
import { WECHAT_SERVICE_ERROR } from '../user/read-reply.js';

const OA = {
  appid: 'wx00000000000000b1',
  secret: 's3cret',
  type: 'official-account',
  name: 'oa',
  token: 'cbtoken',
  msgMode: 'plain',
};
const OPENID = 'oUser00000000000000000000b1';

let peer: CallbackPeer;
let emu: EmulatorHarness;
let originalId: string;

beforeAll(async () => {
  peer = await startCallbackPeer({ token: OA.token, appid: OA.appid });
});
afterAll(() => peer.close());
afterEach(() => emu.close());
beforeEach(async () => {
  emu = createEmulatorHarness({ serverUrl: () => peer.url, pushTimeoutMs: 200 });
  peer.reset();
  const seeded = await emu.control('POST', '/apps', OA);
  originalId = (seeded.json['app'] as { originalId: string }).originalId;
});

describe('simulated user control API', () => {
  it('seeds the app with an original id and pushes to <serverUrl>/wechat/<name>', async () => {
    expect(originalId).toMatch(/^gh_[0-9a-f]{12}$/);
    peer.script({ body: buildXml(textReply(OPENID, originalId, 'welcome')) });
    const sent = await emu.control('POST', '/users/send', {
      app: 'oa',
      openid: OPENID,
      message: { Event: 'subscribe' },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({
      outcome: 'replied',
      deliveries: [{ attempt: 1, status: 200 }],
      shown: { MsgType: 'text', Content: 'welcome', ToUserName: OPENID },
    });
    expect(peer.requests[0]).toMatchObject({ method: 'POST', path: '/wechat/oa', signatureOk: true });
    const users = await emu.control('GET', `/users?appid=${OA.appid}`);
    expect(users.json['users']).toEqual([expect.objectContaining({ openid: OPENID, following: true })]);
  });

  it('answers { id } at once with wait:false and fills the record in later', async () => {
    peer.script({ delayMs: 100, body: 'success' });
    const started = await emu.control('POST', '/users/send', {
      appid: OA.appid,
      openid: OPENID,
      message: { MsgType: 'text', Content: 'later' },
      wait: false,
    });
    expect(Object.keys(started.json)).toEqual(['id']);
    const id = String(started.json['id']);
    expect((await emu.control('GET', `/sends/${id}`)).json).toMatchObject({ state: 'pending' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await emu.control('GET', `/sends/${id}`)).json).toMatchObject({
      state: 'done',
      outcome: 'nothing',
    });
    expect((await emu.control('GET', '/sends/nope')).status).toBe(404);
  });

  it('lists the inbox in order, including WeChat error text', async () => {
    peer.script(
      { body: buildXml(textReply(OPENID, originalId, 'one')) },
      { body: '<xml>broken' },
      { body: buildXml(textReply(OPENID, originalId, 'three')) },
    );
    for (const Content of ['a', 'b', 'c']) {
      await emu.control('POST', '/users/send', {
        appid: OA.appid,
        openid: OPENID,
        message: { MsgType: 'text', Content },
      });
    }
    const inbox = await emu.control('GET', `/users/${OPENID}/inbox?app=oa`);
    const entries = inbox.json['inbox'] as { via: string; message: { Content: string } }[];
    expect(entries.map((e) => [e.via, e.message.Content])).toEqual([
      ['passive', 'one'],
      ['error', WECHAT_SERVICE_ERROR],
      ['passive', 'three'],
    ]);
    const stats = await emu.control('GET', `/stats?appid=${OA.appid}`);
    expect((stats.json['apps'] as Record<string, { pushes: unknown }>)[OA.appid]?.pushes).toEqual({
      attempted: 3,
      deliveries: 3,
      delivered: 3,
      failed: 0,
    });
  });

  it('refuses unknown apps, bad messages and apps without the keys their mode needs', async () => {
    const send = (body: object) => emu.control('POST', '/users/send', { openid: OPENID, ...body });
    expect((await send({ appid: 'wxnope', message: { Event: 'subscribe' } })).status).toBe(404);
    expect((await send({ app: 'oa', message: { MsgType: 'text' } })).status).toBe(400);
    await emu.control('POST', '/apps', { ...OA, msgMode: 'safe' });
    const noKey = await send({ app: 'oa', message: { Event: 'subscribe' } });
    expect(noKey.status).toBe(400);
    expect(noKey.json['message']).toMatch(/aesKey/);
    expect(peer.requests).toEqual([]);
  });
});

describe('URL verification', () => {
  let server: Server;
  let echoes = true;
  beforeAll(async () => {
    // Answers like a correct server: echostr only when the signature matches.
    server = createServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const valid =
        q.get('signature') === signCallback(OA.token, q.get('timestamp') ?? '', q.get('nonce') ?? '');
      res.end(valid && echoes ? q.get('echostr') : 'nope');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reports whether the server echoed echostr', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/oa`;
    await emu.control('POST', '/apps', { ...OA, callbackUrl: url });
    const good = await emu.control('POST', `/apps/${OA.appid}/verify-url`);
    expect(good.json).toMatchObject({ ok: true, status: 200, url });
    expect(good.json['body']).toBe(good.json['echostr']);
    echoes = false;
    expect((await emu.control('POST', `/apps/${OA.appid}/verify-url`)).json).toMatchObject({
      ok: false,
      body: 'nope',
    });
    expect((await emu.control('POST', '/apps/wxnope/verify-url')).status).toBe(404);
  });
});
