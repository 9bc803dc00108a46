import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers/test-config.js';
import type { AppConfig } from '../config/config.types.js';
import { startBanner, wantsReadableOutput } from './start-banner.js';

const app = (name: string, type: AppConfig['type'], appid: string): AppConfig => ({
  name,
  type,
  appid,
  secret: 'app-secret-value',
  tokenMode: 'stable',
  msgMode: 'safe',
  pushFormat: 'xml',
});
const apps = {
  oa: app('oa', 'official-account', 'wx40ff4c50fd72ca85'),
  mp: app('mp', 'mini-program', 'wx8fd236ebb70c5bf6'),
};
const URL = 'http://127.0.0.1:8080';

describe('startBanner', () => {
  it('names the sandbox mode, each app with its type, appid and callback URL, and where to try things', () => {
    const text = startBanner(testConfig({ apps }), URL, '1.2.3').join('\n');
    expect(text).toContain('wegate 1.2.3 · sandbox mode');
    expect(text).toMatch(
      /oa\s+official-account\s+wx40ff4c50fd72ca85\s+http:\/\/127\.0\.0\.1:8080\/wechat\/oa/,
    );
    expect(text).toMatch(/mp\s+mini-program\s+wx8fd236ebb70c5bf6\s+http:\/\/127\.0\.0\.1:8080\/wechat\/mp/);
    for (const path of ['/__emulator/apps', '/demo/h5', '/metrics', '/healthz', '/readyz'])
      expect(text).toContain(`${URL}${path}`);
    expect(text).toMatch(/start page\s+http:\/\/127\.0\.0\.1:8080\/$/m);
  });

  it('in production lists no emulator, demo or start page, only health and metrics', () => {
    const text = startBanner(testConfig({ sandbox: false, apps }), URL, '1.2.3').join('\n');
    expect(text).toContain('production mode');
    expect(text).not.toContain('__emulator');
    expect(text).not.toContain('/demo/h5');
    expect(text).not.toContain('start page');
    expect(text).toMatch(/alive\s+http:\/\/127\.0\.0\.1:8080\/healthz$/m);
    expect(text).toMatch(/ready\s+http:\/\/127\.0\.0\.1:8080\/readyz$/m);
    expect(text).toContain(`${URL}/metrics`);
  });

  it('says whether the gateway key and JWT secret are set, never their values nor an app secret', () => {
    const off = startBanner(testConfig({ apps }), URL, '1').join('\n');
    expect(off).toMatch(/^gateway key\s+off/m);
    expect(off).toMatch(/^JWT secret\s+off$/m);
    expect(off).toMatch(/^admin key\s+off/m);
    const secrets = {
      fieldKeys: {},
      gatewayKey: 'gk-very-secret',
      adminKey: 'ak-very-secret',
      jwtSecret: 'jwt-very-secret-0123456789abcdef',
    };
    const on = startBanner(testConfig({ apps, secrets }), URL, '1').join('\n');
    expect(on).toMatch(/^gateway key\s+on$/m);
    expect(on).toMatch(/^JWT secret\s+on$/m);
    expect(on).toMatch(/^admin key\s+on$/m);
    for (const secret of ['gk-very-secret', 'ak-very-secret', 'jwt-very-secret', 'app-secret-value'])
      expect(on).not.toContain(secret);
  });

  it('shows the merchant and its notify URL when pay is configured', () => {
    const pay = { mchid: '1900000109', apiv3Key: 'k'.repeat(32), privateKeyPath: '/k.pem', certSerial: 'S' };
    const text = startBanner(testConfig({ apps, pay }), URL, '1').join('\n');
    expect(text).toContain(`merchant 1900000109  notify ${URL}/pay/notify`);
    expect(text).not.toContain('k'.repeat(32));
  });
});

describe('wantsReadableOutput', () => {
  it('is readable on a terminal unless JSON is asked for, and always when pretty is asked for', () => {
    expect(wantsReadableOutput(undefined, true)).toBe(true);
    expect(wantsReadableOutput(undefined, false)).toBe(false);
    expect(wantsReadableOutput(undefined, undefined)).toBe(false);
    expect(wantsReadableOutput('json', true)).toBe(false);
    expect(wantsReadableOutput('pretty', false)).toBe(true);
  });
});
