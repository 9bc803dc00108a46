import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../create-emulator-harness.js';

const OA = { appid: 'wxmediaroute00001', secret: 's1', type: 'official-account' as const };
const OTHER = { appid: 'wxmediaroute00002', secret: 's2', type: 'official-account' as const };
// Format signatures the emulator sniffs (the test helpers are outside the emulator's import boundary).
const pad = (head: number[] | string, size = 64) => {
  const bytes = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head);
  return Buffer.concat([bytes, Buffer.alloc(Math.max(0, size - bytes.length), 7)]);
};
const mediaBytes = {
  jpg: (size?: number) => pad([0xff, 0xd8, 0xff, 0xe0], size),
  png: (size?: number) => pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size),
  amr: (size?: number) => pad('#!AMR\n', size),
  mp3: (size?: number) => pad('ID3', size),
  mp4: (size?: number) => pad([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70], size),
};
let emu: EmulatorHarness;
let token: string;

beforeEach(async () => {
  emu = createEmulatorHarness({ apps: [OA, OTHER] });
  token = await emu.classicToken(OA);
});
afterEach(() => emu.close());

function form(field: string, filename: string, data: Buffer) {
  const head = `--b0\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), data, Buffer.from('\r\n--b0--\r\n')]);
}

async function upload(type: string, payload: Buffer, contentType = 'multipart/form-data; boundary=b0') {
  const res = await emu.app.inject({
    method: 'POST',
    url: '/cgi-bin/media/upload',
    query: { access_token: token, type },
    headers: { 'content-type': contentType },
    payload,
  });
  return JSON.parse(res.body) as Record<string, unknown>;
}

describe('POST /cgi-bin/media/upload', () => {
  it('answers type, media_id and created_at in seconds, and keeps the bytes for the app only', async () => {
    const answer = await upload('image', form('media', 'a.jpg', mediaBytes.jpg(100)));
    expect(Object.keys(answer).sort()).toEqual(['created_at', 'media_id', 'type']);
    expect(emu.world.media.get(OA.appid, String(answer['media_id']))?.bytes).toHaveLength(100);
    expect(emu.world.media.get(OTHER.appid, String(answer['media_id']))).toBeUndefined();
  });

  it('answers 40004 for an unknown type, 41005 without a media part, 44001 for an empty file', async () => {
    expect((await upload('news', form('media', 'a.jpg', mediaBytes.jpg())))['errcode']).toBe(40004);
    expect((await upload('image', form('file', 'a.jpg', mediaBytes.jpg())))['errcode']).toBe(41005);
    expect((await upload('image', mediaBytes.jpg(), 'image/jpeg'))['errcode']).toBe(41005);
    expect((await upload('image', form('media', 'a.jpg', Buffer.alloc(0))))['errcode']).toBe(44001);
    expect(emu.world.media.list()).toEqual([]);
  });

  it('checks format by extension and content: 40005 for a png named .mp4 or a jpg posing as voice', async () => {
    expect((await upload('video', form('media', 'a.mp4', mediaBytes.png())))['errcode']).toBe(40005);
    expect((await upload('voice', form('media', 'a.amr', mediaBytes.jpg())))['errcode']).toBe(40005);
    expect((await upload('thumb', form('media', 'a.png', mediaBytes.png())))['errcode']).toBe(40005);
    expect((await upload('voice', form('media', 'a.mp3', mediaBytes.mp3())))['type']).toBe('voice');
  });

  it('answers 40006 past the per-type size and for a body beyond the largest upload', async () => {
    const bigVoice = form('media', 'a.amr', mediaBytes.amr(2 * 1024 * 1024 + 1));
    expect((await upload('voice', bigVoice))['errcode']).toBe(40006);
    const huge = form('media', 'a.mp4', mediaBytes.mp4(10 * 1024 * 1024 + 100 * 1024));
    const answer = await upload('video', huge);
    expect(answer['errcode']).toBe(40006);
    expect(String(answer['errmsg'])).toMatch(/^invalid meida size rid: /);
    expect(emu.world.media.list()).toEqual([]);
  });
});

describe('GET /cgi-bin/media/get', () => {
  it('serves the bytes with the sniffed content type, 41006 without media_id, 40007 for another app', async () => {
    const { media_id } = await upload('image', form('media', 'p.png', mediaBytes.png(300)));
    const res = await emu.app.inject({
      url: '/cgi-bin/media/get',
      query: { access_token: token, media_id: String(media_id) },
    });
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('attachment; filename="p.png"');
    expect(res.rawPayload.equals(mediaBytes.png(300))).toBe(true);
    expect((await emu.get('/cgi-bin/media/get', { access_token: token })).json['errcode']).toBe(41006);
    const other = await emu.classicToken(OTHER);
    const foreign = await emu.get('/cgi-bin/media/get', { access_token: other, media_id: String(media_id) });
    expect(foreign.json['errcode']).toBe(40007);
  });

  it('lists uploads in the control API and forgets them on reset', async () => {
    await upload('thumb', form('media', 't.jpg', mediaBytes.jpg(10)));
    const listed = await emu.control('GET', `/media?appid=${OA.appid}`);
    expect(listed.json['media']).toMatchObject([
      { type: 'thumb', filename: 't.jpg', size: 10, expired: false },
    ]);
    await emu.control('POST', '/reset');
    expect(emu.world.media.list()).toEqual([]);
  });
});
