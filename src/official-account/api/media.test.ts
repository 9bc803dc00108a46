import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaBytes } from '../../../test/helpers/media-bytes.js';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createMedia, type MediaApi } from './media.js';

const OA = { appid: 'wxmediaapi0000001' };
let e: EmulatedApi;
let media: MediaApi;

beforeAll(async () => {
  e = await startEmulatedApi(OA.appid);
  media = createMedia({ api: e.api });
});
afterAll(() => e.close());

const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

describe('media API methods against the emulator', () => {
  it('uploads an image and gets the same bytes back', async () => {
    const data = mediaBytes.png(2048);
    const uploaded = await media.upload('image', { filename: 'logo.png', data });
    expect(uploaded.type).toBe('image');
    expect(uploaded.media_id).toMatch(/^[\w-]{64}$/);
    expect(uploaded.created_at).toBe(Math.floor(e.h.world.now() / 1000));
    const got = await media.get(uploaded.media_id);
    expect(Buffer.isBuffer(got) && got.equals(data)).toBe(true);
    expect(e.h.world.media.list(OA.appid).map((m) => m.filename)).toEqual(['logo.png']);
  });

  it('answers a video with a video_url that serves its bytes', async () => {
    const data = mediaBytes.mp4(4096);
    const { media_id } = await media.upload('video', { filename: 'clip.mp4', data });
    const got = await media.get(media_id);
    expect(Buffer.isBuffer(got)).toBe(false);
    const res = await fetch((got as { video_url: string }).video_url);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
  });

  it('refuses a wrong format with 40005, an oversized thumb with 40006 and an unknown id with 40007', async () => {
    const mp3AsImage = media.upload('image', { filename: 'song.mp3', data: mediaBytes.mp3() });
    expect(isWeChatApiError(await fail(mp3AsImage), 40005)).toBe(true);
    const bigThumb = media.upload('thumb', { filename: 't.jpg', data: mediaBytes.jpg(64 * 1024 + 1) });
    expect(isWeChatApiError(await fail(bigThumb), 40006)).toBe(true);
    expect(isWeChatApiError(await fail(media.get('nope')), 40007)).toBe(true);
    expect(e.h.world.media.list(OA.appid)).toHaveLength(2);
  });

  it('forgets media after 3 days of emulator time (40007)', async () => {
    const { media_id } = await media.upload('voice', { filename: 'hi.amr', data: mediaBytes.amr() });
    e.h.world.clock.advance(3 * 24 * 3600_000);
    expect(isWeChatApiError(await fail(media.get(media_id)), 40007)).toBe(true);
  });
});
