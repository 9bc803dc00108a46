/**
 * X-Forwarded-* in a sandbox server over loopback: ignored unless WEGATE_TRUST_PROXY names the peer,
 * then honoured (the phone audit log's IP, the OAuth redirect_uri's origin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudit } from '../../src/audit/index.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FORGED = {
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
};

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** A Mini Program user logs in and binds a phone, the binding request carrying `headers`; the audit rows' IPs. */
async function auditedIps(sandbox: SandboxServer, person: string, headers: Record<string, string>) {
  const { url, deps } = sandbox.server;
  const appid = deps.apps['mp']!.config.appid;
  const wx = await post(url, '/__emulator/mp/login', { appid, user: person });
  const login = await post(url, '/api/auth/login', { code: wx.json['code'] });
  const token = login.json['data'].token as string;
  const phone = { appid, openid: wx.json['openid'], phoneNumber: '13800001234' };
  const code = (await post(url, '/__emulator/mp/phone-code', phone)).json['code'] as string;
  const bound = await post(
    url,
    '/api/auth/phone',
    { code },
    { authorization: `Bearer ${token}`, ...headers },
  );
  expect(bound.status).toBe(200);
  await createAudit({ store: deps.store }).seal();
  const rows = await deps.store.db
    .selectFrom('wegate_audit_records')
    .select(['ip', 'action'])
    .where('target', '=', `user:${String(login.json['data'].user.id)}`)
    .execute();
  expect(rows.map((r) => r.action)).toEqual(['phone.write']);
  return rows.map((r) => r.ip);
}

/** GET /oauth/authorize with `headers`: the redirect_uri WeChat is asked to send the user back to. */
async function redirectUri(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/oauth/authorize?app=oa`, { headers, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string).searchParams.get('redirect_uri') as string;
}

describe('without WEGATE_TRUST_PROXY', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandboxServer('proxy-off');
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("keeps a forged X-Forwarded-For out of the phone audit log: the connection's address is recorded", async () => {
    expect(await auditedIps(sandbox, 'mallory', FORGED)).toEqual(['127.0.0.1']);
  });

  it('builds the OAuth redirect_uri from the Host header, not from a forged X-Forwarded-Host/Proto', async () => {
    const url = sandbox.server.url;
    expect(await redirectUri(url, FORGED)).toBe(`${url}/oauth/callback`);
  });
});

describe('with WEGATE_TRUST_PROXY=127.0.0.1', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandboxServer('proxy-on', { env: { WEGATE_TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('records the client address the trusted proxy forwards in the phone audit log', async () => {
    expect(await auditedIps(sandbox, 'alice', FORGED)).toEqual(['203.0.113.7']);
  });

  it('builds the OAuth redirect_uri from the forwarded host and protocol', async () => {
    expect(await redirectUri(sandbox.server.url, FORGED)).toBe('https://evil.example/oauth/callback');
  });

  it('ignores the same headers from a peer that is not a listed proxy', async () => {
    const res = await sandbox.server.app.inject({
      method: 'GET',
      url: '/oauth/authorize?app=oa',
      headers: { host: 'wegate.test', ...FORGED },
      remoteAddress: '198.51.100.1',
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers['location'] as string);
    expect(location.searchParams.get('redirect_uri')).toBe('http://wegate.test/oauth/callback');
  });
});
