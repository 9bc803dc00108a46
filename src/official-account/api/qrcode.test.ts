import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createQrCode } from './qrcode.js';

let env: EmulatedApi;
beforeAll(async () => {
  env = await startEmulatedApi('wx000000000libqr01');
});
afterAll(() => env.close());

describe('officialAccount.qrcode against the emulator', () => {
  it('creates a temporary ticket whose image the showUrl fetches (ticket URL-encoded)', async () => {
    const qrcode = createQrCode({ api: env.api, mpWeb: () => `${env.url}/` });
    const created = await qrcode.create({
      action_name: 'QR_SCENE',
      expire_seconds: 600,
      action_info: { scene: { scene_id: 123 } },
    });
    expect(created.expire_seconds).toBe(600);
    expect(env.h.world.qrcodes.find(created.ticket)).toMatchObject({ sceneId: 123, action: 'QR_SCENE' });
    const url = qrcode.showUrl(created.ticket);
    expect(url).toBe(`${env.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(created.ticket)}`);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(await image.text()).toContain(created.ticket);
  });

  it('defaults showUrl to mp.weixin.qq.com and throws 40053 for a permanent scene id past 100000', async () => {
    const qrcode = createQrCode({ api: env.api });
    expect(qrcode.showUrl('a+b/c=')).toBe('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D');
    const refused = await qrcode
      .create({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100_001 } } })
      .catch((e: unknown) => e);
    expect(isWeChatApiError(refused, 40053)).toBe(true);
    expect(env.h.world.qrcodes.list(env.appid)).toHaveLength(1);
  });
});
