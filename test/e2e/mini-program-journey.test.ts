/**
 * One Mini Program user's whole journey through a sandbox server: wx.login → session, phone bound,
 * a subscribe template accepted (the emulator pushes the event), one business event → exactly one
 * subscribe message; the same person in a second Mini Program of the account is the same user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GATEWAY_KEY = 'journey-gateway-key-0123456789abcdef';
let server: RunningServer;
let sandbox: SandboxServer;

async function call(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const appid = (name: string) => server.deps.apps[name]!.config.appid;

async function login(app: 'mp' | 'mp2', person: string) {
  const wx = await call('POST', '/__emulator/mp/login', { appid: appid(app), user: person });
  const res = await call('POST', '/api/auth/login', { code: wx.json['code'], app });
  expect(res.status).toBe(200);
  return {
    openid: wx.json['openid'] as string,
    token: res.json['data'].token as string,
    user: res.json['data'].user,
  };
}

async function waitForStatus(id: string): Promise<Json> {
  for (let i = 0; i < 100; i += 1) {
    const res = await call('GET', `/api/messages/${id}`, undefined, GATEWAY_KEY);
    if (['sent', 'dead', 'skipped'].includes(res.json['data']?.status)) return res.json['data'];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${id} never settled`);
}

beforeAll(async () => {
  // An app named in the config file means production unless sandbox mode is asked for.
  sandbox = await startSandboxServer('journey', {
    configFile: { apps: { mp2: { type: 'mini-program' } } },
    env: { WEGATE_SANDBOX: '1', WEGATE_GATEWAY_KEY: GATEWAY_KEY },
  });
  server = sandbox.server;
});

afterAll(async () => {
  await sandbox?.close();
});

describe('a Mini Program user journey', () => {
  it('logs in, binds a phone, accepts a template and receives exactly one subscribe message; same person in mp2 is the same user', async () => {
    const carol = await login('mp', 'carol');

    const phoneCode = await call('POST', '/__emulator/mp/phone-code', {
      appid: appid('mp'),
      openid: carol.openid,
      phoneNumber: '13800001234',
    });
    const bound = await call('POST', '/api/auth/phone', { code: phoneCode.json['code'] }, carol.token);
    expect(bound.status).toBe(200);
    expect(JSON.stringify(bound.json)).toContain('138****1234');
    expect(JSON.stringify(bound.json)).not.toContain('13800001234');

    await call('POST', '/__emulator/templates', {
      appid: appid('mp'),
      template_id: 'ORDER_SHIPPED',
      keys: ['thing1'],
    });
    const accepted = await call('POST', '/__emulator/mp/subscribe', {
      appid: appid('mp'),
      openid: carol.openid,
      template_id: 'ORDER_SHIPPED',
      accept: true,
    });
    expect(accepted.json['push'].outcome).not.toBe('undelivered');

    // The business event ("order shipped") asks for one subscribe message; a second identical request is a duplicate.
    const message = {
      app: 'mp',
      kind: 'subscribe',
      touser: carol.openid,
      payload: { template_id: 'ORDER_SHIPPED', data: { thing1: { value: 'parcel 42' } } },
      idempotencyKey: 'order-42-shipped',
    };
    const first = await call('POST', '/api/messages', message, GATEWAY_KEY);
    const again = await call('POST', '/api/messages', message, GATEWAY_KEY);
    expect(first.status).toBe(200);
    expect(again.json['data'].id).toBe(first.json['data'].id);
    expect(await waitForStatus(first.json['data'].id)).toMatchObject({ status: 'sent' });

    const inbox = await fetch(`${server.url}/__emulator/users/${carol.openid}/inbox?appid=${appid('mp')}`);
    const list = ((await inbox.json()) as { inbox: Json[] }).inbox;
    const subscribe = list.filter((e) => e['via'] === 'subscribe');
    expect(subscribe).toHaveLength(1);
    expect(JSON.stringify(subscribe[0])).toContain('parcel 42');

    const inMp2 = await login('mp2', 'carol');
    expect(inMp2.openid).not.toBe(carol.openid);
    expect(inMp2.user.id).toBe(carol.user.id);
  });
});
