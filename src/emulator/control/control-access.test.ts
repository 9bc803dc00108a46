import { describe, expect, it } from 'vitest';
import { buildEmulatorApp } from '../build-emulator-app.js';
import { startEmulator } from '../cli-entry.js';

const OUTSIDER = '198.51.100.20';

describe('the standalone emulator control API', () => {
  it('answers 404 to a non-loopback peer on every /__emulator/ route, and serves the WeChat routes', async () => {
    const app = buildEmulatorApp();
    try {
      for (const [method, url] of [
        ['GET', '/__emulator/apps'],
        ['POST', '/__emulator/mp/login'],
        ['POST', '/__emulator/pay/merchants'],
        ['GET', '/__emulator/jweixin.js'],
        ['GET', '/%5F%5Femulator/apps'],
        ['POST', '/__emulator/reset'],
      ] as const) {
        const payload = method === 'POST' ? {} : undefined;
        const outside = await app.inject({ method, url, remoteAddress: OUTSIDER, payload });
        expect(outside.statusCode, url).toBe(404);
        const local = await app.inject({ method, url, remoteAddress: '127.0.0.1', payload });
        expect(local.statusCode, url).not.toBe(404);
      }
      const wechat = await app.inject({
        method: 'GET',
        url: '/cgi-bin/getcallbackip',
        remoteAddress: OUTSIDER,
      });
      expect(wechat.statusCode).toBe(200);
      expect(wechat.json()).toMatchObject({ errcode: expect.any(Number) });
    } finally {
      await app.close();
    }
  });

  it('answers every peer when built with publicControl', async () => {
    const app = buildEmulatorApp({ publicControl: true });
    try {
      const res = await app.inject({ method: 'GET', url: '/__emulator/apps', remoteAddress: OUTSIDER });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('passes publicControl through startEmulator (wegate emulator with WEGATE_EMULATOR_PUBLIC=1)', async () => {
    for (const publicControl of [false, true]) {
      const emulator = await startEmulator({ port: 0, host: '127.0.0.1', publicControl });
      try {
        const res = await emulator.app.inject({
          method: 'GET',
          url: '/__emulator/apps',
          remoteAddress: OUTSIDER,
        });
        expect(res.statusCode).toBe(publicControl ? 200 : 404);
      } finally {
        await emulator.close();
      }
    }
  });
});
