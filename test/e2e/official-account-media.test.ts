import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../src/kernel/errors/index.js';
import type { OfficialAccount } from '../../src/official-account/index.js';
import { emulatorControl, type EmulatorControl } from '../helpers/emulator-control.js';
import { mediaBytes } from '../helpers/media-bytes.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

let sandbox: SandboxServer;
let oa: OfficialAccount;
let emu: EmulatorControl;

beforeAll(async () => {
  sandbox = await startSandboxServer('oa-media');
  // The server builds the client for Official Account apps; this is the one callback handlers get.
  oa = sandbox.server.deps.apps['oa']!.officialAccount!;
  emu = emulatorControl(sandbox.server.url);
  await emu.post('/users/send', { app: 'oa', openid: 'oPic', message: { MsgType: 'text', Content: 'hi' } });
}, 30_000);
afterAll(() => sandbox?.close());

const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);
const inbox = async (openid: string) => (await emu.get(`/users/${openid}/inbox?app=oa`)).inbox as Json[];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('temporary media through the sandbox server and its emulator', () => {
  it('uploads an image the emulator keeps, downloads the same bytes and sends it to a user', async () => {
    const data = mediaBytes.jpg(50_000);
    const { media_id, type } = await oa.media.upload('image', { filename: 'receipt.jpg', data });
    expect(type).toBe('image');
    const listed = (await emu.get('/media?app=oa')).media as Json[];
    expect(listed).toMatchObject([{ mediaId: media_id, type: 'image', size: 50_000, expired: false }]);
    expect(Buffer.from((await oa.media.get(media_id)) as Buffer).equals(data)).toBe(true);
    await oa.message.custom.send({ touser: 'oPic', msgtype: 'image', image: { media_id } });
    expect((await inbox('oPic')).at(-1)).toMatchObject({ via: 'custom', message: { image: { media_id } } });
  });

  it('refuses an image message whose media_id the emulator never issued (40007)', async () => {
    const before = (await inbox('oPic')).length;
    const sent = oa.message.custom.send({ touser: 'oPic', msgtype: 'image', image: { media_id: 'forged' } });
    expect(isWeChatApiError(await fail(sent), 40007)).toBe(true);
    expect(await inbox('oPic')).toHaveLength(before);
  });

  it('answers a video with a URL that serves it, and refuses voice over 2 MB (40006)', async () => {
    const data = mediaBytes.mp4(300_000);
    const { media_id } = await oa.media.upload('video', { filename: 'clip.mp4', data });
    const got = (await oa.media.get(media_id)) as { video_url: string };
    expect(Buffer.from(await (await fetch(got.video_url)).arrayBuffer()).equals(data)).toBe(true);
    const big = oa.media.upload('voice', { filename: 'long.mp3', data: mediaBytes.mp3(2 * 1024 * 1024 + 1) });
    expect(isWeChatApiError(await fail(big), 40006)).toBe(true);
    expect(((await emu.get('/media?app=oa')).media as Json[]).map((m) => m['type'])).toEqual([
      'image',
      'video',
    ]);
  });

  it('expires media 3 days later on the emulator clock (40007)', async () => {
    const { media_id } = await oa.media.upload('thumb', { filename: 't.jpg', data: mediaBytes.jpg(1000) });
    await emu.post('/clock', { advanceMs: 3 * 24 * 3600_000 });
    expect(isWeChatApiError(await fail(oa.media.get(media_id)), 40007)).toBe(true);
    const listed = (await emu.get('/media?app=oa')).media as Json[];
    expect(listed.find((m) => m['mediaId'] === media_id)).toMatchObject({ expired: true });
  });
});
