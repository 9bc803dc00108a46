/** The H5 demo in real headless Chromium: WeChat login through the emulated consent page, then wx.config. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let sandbox: SandboxServer;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandboxServer('oauth-browser');
  server = sandbox.server;
  // launch() gives the browser a fresh temporary profile of its own and removes it on close.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

const oaAppid = () => server.deps.apps.oa!.config.appid;

/** Opens the demo, follows a login link and tells the emulated WeChat who uses this browser. */
async function logIn(link: string, person: string): Promise<void> {
  await page.goto(`${server.url}/demo/h5`);
  await page.click(link);
  await page.waitForSelector('#user');
  await page.fill('#user', person);
  await page.click('#pick');
}

describe('H5 demo in Chromium', () => {
  it('logs in through the consent page (允许), shows the user and reports wx.config ok', async () => {
    await logIn('#login-link', 'alice');
    await page.waitForSelector('text=允许');
    await page.click('#allow');
    await page.waitForSelector('#user:not([hidden])');
    expect(new URL(page.url()).pathname).toBe('/demo/h5');
    expect(page.url()).not.toContain('token=');
    const openid = await page.textContent('#openid');
    const unionid = await page.textContent('#unionid');
    const person = await page.textContent('#user-id');
    expect(person).toMatch(/^[0-9a-f-]{36}$/);
    expect(openid).toMatch(/^o[\w-]{27}$/);
    expect(unionid).toMatch(/^oU/);
    await page.waitForSelector('#jssdk:text("wx.config ok")');
    await page.waitForSelector('#share:text("share data set")');
    const rows = await server.deps.store.db
      .selectFrom('wegate_oa_identities')
      .selectAll()
      .where('openid', '=', openid!)
      .execute();
    expect(rows).toMatchObject([{ appid: oaAppid(), scope: 'snsapi_userinfo', user_id: person }]);
  });

  it('reports config:invalid signature through wx.error when the signature was tampered with', async () => {
    await page.route('**/jssdk/config?*', async (route) => {
      const answer = (await (await route.fetch()).json()) as { data: { signature: string } };
      const s = answer.data.signature;
      answer.data.signature = `${s.slice(0, -1)}${s.endsWith('0') ? '1' : '0'}`;
      await route.fulfill({ json: answer });
    });
    await logIn('#login-link', 'bob');
    await page.click('#allow');
    await page.waitForSelector('#jssdk:text("wx.error: config:invalid signature")');
    expect(await page.textContent('#share')).toBe('');
  });

  it('logs in silently with snsapi_base: no consent page, no unionid', async () => {
    await logIn('text=silently (snsapi_base)', 'carol');
    await page.waitForSelector('#user:not([hidden])');
    expect(await page.textContent('#unionid')).toBe('(none: snsapi_base)');
    expect(await page.locator('#allow').count()).toBe(0);
    await page.waitForSelector('#jssdk:text("wx.config ok")');
  });
});
