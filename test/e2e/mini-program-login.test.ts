import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createAudit } from '../../src/audit/index.js';
import { rotateKeys } from '../../src/cli/keys-command.js';
import type { WegateConfig } from '../../src/config/config.types.js';
import { createFieldCipher } from '../../src/kernel/crypto/sm4-field.js';
import { signRawData } from '../../src/kernel/crypto/mini-program-data.js';
import { REFRESH_GRACE_MS } from '../../src/mini-program/session/refresh-tokens.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import { testConfig } from '../helpers/test-config.js';

const JWT_SECRET = 'e2e-jwt-secret-0123456789abcdef';
const V1 = { '1': '00112233445566778899aabbccddeeff' };
const V2 = { ...V1, '2': 'ffeeddccbbaa99887766554433221100' };
const PHONE = '13912345678';
const mpApp = (name: string, n: number) =>
  ({
    name,
    type: 'mini-program',
    appid: `wxe2e00000000000${n}`,
    secret: `e2e-secret-${n}`,
    tokenMode: 'stable',
    msgMode: 'plain',
    pushFormat: 'xml',
  }) as const;

let dataDir: string;
let config: WegateConfig;
let runtime: Runtime;
let app: FastifyInstance;
let url: string;
const logLines: string[] = [];

type Envelope = { code: number; message: string; data: Record<string, unknown> };
async function call(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Envelope; text: string }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Envelope, text };
}
const emulator = async (path: string, body: unknown) =>
  (await (
    await fetch(`${url}/__emulator/mp${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Record<string, string>;
const wxLogin = (appid: string, user?: string, extra: Record<string, unknown> = {}) =>
  emulator('/login', { appid, ...(user ? { user } : {}), ...extra });
async function login(appName: 'mp' | 'mp2', user: string) {
  const { code, openid } = await wxLogin(config.apps[appName]!.appid, user);
  const res = await call('POST', '/api/auth/login', { code, ...(appName === 'mp' ? {} : { app: appName }) });
  return {
    ...res,
    code: code!,
    openid: openid!,
    data: res.json.data as {
      token: string;
      refreshToken: string;
      expiresIn: number;
      user: Record<string, unknown>;
    },
  };
}
const rawDb = () => new BetterSqlite3(join(dataDir, 'wegate.db'), { readonly: true });
const SESSION_TABLES = [
  'wegate_users',
  'wegate_user_identities',
  'wegate_refresh_tokens',
  'wegate_phone_numbers',
];
function dumpAll(
  tables = [...SESSION_TABLES, 'wegate_audit_records', 'wegate_audit_pending', 'wegate_jobs'],
): string {
  const db = rawDb();
  try {
    return JSON.stringify(tables.map((t) => db.prepare(`select * from ${t}`).all()));
  } finally {
    db.close();
  }
}
const sessionKeyOf = async (appid: string, openid: string) => {
  const db = rawDb();
  const row = db
    .prepare('select session_key_enc from wegate_user_identities where appid = ? and openid = ?')
    .get(appid, openid) as { session_key_enc: string };
  db.close();
  return createFieldCipher({ keys: V2 }).decrypt(row.session_key_enc);
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-mp-e2e-'));
  config = testConfig({
    dataDir,
    apps: { mp: mpApp('mp', 1), mp2: mpApp('mp2', 2) },
    secrets: { jwtSecret: JWT_SECRET, fieldKeys: V1 },
  });
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  runtime = await createRuntime(config, { logger });
  app = await buildApp(config, runtime.deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Mini Program login end to end', () => {
  it('logs a simulated user in: token, refresh token, user; never the session_key', async () => {
    const res = await login('mp', 'alice');
    expect(res.status).toBe(200);
    expect(res.json.code).toBe(0);
    expect(res.data.expiresIn).toBe(900);
    expect(res.data.user).toMatchObject({
      appid: config.apps.mp!.appid,
      openid: res.openid,
      state: 'active',
      phone: null,
    });
    const sessionKey = await sessionKeyOf(config.apps.mp!.appid, res.openid);
    expect(res.text).not.toContain(sessionKey);
    expect(res.text).not.toContain('session_key');
    const me = await call('GET', '/api/auth/me', undefined, res.data.token);
    expect(me.json.data).toMatchObject({ id: res.data.user['id'], openid: res.openid });
  });

  it('answers a replayed code with LoginCodeUsed and creates no second session', async () => {
    const first = await login('mp', 'replay');
    const before = dumpAll(SESSION_TABLES);
    const again = await call('POST', '/api/auth/login', { code: first.code });
    expect(again.status).toBe(400);
    expect(again.json.code).toBe(4005);
    expect(dumpAll(SESSION_TABLES)).toBe(before);
    // Only the refusal's audit record is new.
    const refused = () =>
      runtime.deps.store.db
        .selectFrom('wegate_audit_records')
        .select(['actor', 'action', 'result', 'trace_id'])
        .where('result', '=', 'refused:4005')
        .execute();
    await expect.poll(refused, { timeout: 5000 }).toHaveLength(1);
    expect((await refused())[0]).toMatchObject({ actor: 'anonymous', action: 'auth.login' });
  });

  it('maps WeChat login errcodes to distinct 4xx codes', async () => {
    expect((await call('POST', '/api/auth/login', { code: 'never-issued' })).json.code).toBe(4004);
    const blocked = await wxLogin(config.apps.mp!.appid, 'mallory', { blocked: true });
    const res = await call('POST', '/api/auth/login', { code: blocked.code });
    expect([res.status, res.json.code]).toEqual([403, 4031]);
    expect((await call('POST', '/api/auth/login', { code: 'x', app: 'nope' })).status).toBe(404);
  });

  it('answers LoginTooFrequent (429) past 100 logins of one user in a minute', async () => {
    for (let i = 0; i < 100; i += 1) expect((await login('mp2', 'hasty')).status).toBe(200);
    const res = await login('mp2', 'hasty');
    expect([res.status, res.json.code]).toEqual([429, 4291]);
  });

  it('maps a second app with the same unionid to the same user', async () => {
    const one = await login('mp', 'bob');
    const two = await login('mp2', 'bob');
    expect(two.openid).not.toBe(one.openid);
    expect(two.data.user['id']).toBe(one.data.user['id']);
    expect(two.data.user['unionid']).toBe(one.data.user['unionid']);
  });

  it('binds a phone number: stored encrypted, answered masked, audited; a used phone code is refused', async () => {
    const res = await login('mp', 'carol');
    const { code } = await emulator('/phone-code', {
      appid: config.apps.mp!.appid,
      openid: res.openid,
      phoneNumber: PHONE,
    });
    const bound = await call('POST', '/api/auth/phone', { code }, res.data.token);
    expect(bound.json.data).toEqual({ phone: '139****5678', countryCode: '86' });
    expect((await call('GET', '/api/auth/me', undefined, res.data.token)).json.data['phone']).toBe(
      '139****5678',
    );
    const reused = await call('POST', '/api/auth/phone', { code }, res.data.token);
    expect([reused.status, reused.json.code]).toEqual([400, 4006]);
    await createAudit({ store: runtime.deps.store }).seal();
    const db = rawDb();
    const audit = db
      .prepare('select actor, action, result, ip from wegate_audit_records where target = ?')
      .all(`user:${String(res.data.user['id'])}`);
    db.close();
    expect(audit).toEqual([
      { actor: `user:${String(res.data.user['id'])}`, action: 'phone.write', result: 'ok', ip: '127.0.0.1' },
    ]);
    const clear = await runtime.deps.store.db.selectFrom('wegate_phone_numbers').selectAll().execute();
    expect(clear).toHaveLength(1);
  });

  it('decrypts encryptedData with the stored session_key and checks rawData signatures', async () => {
    const res = await login('mp', 'dave');
    const appid = config.apps.mp!.appid;
    const built = await emulator('/encrypted-data', {
      appid,
      openid: res.openid,
      data: { nickName: 'Dave' },
    });
    const rawData = JSON.stringify({ nickName: 'Dave' });
    const signature = signRawData(rawData, await sessionKeyOf(appid, res.openid));
    const ok = await call('POST', '/api/auth/decrypt', { ...built, rawData, signature }, res.data.token);
    expect(ok.json.data).toMatchObject({ nickName: 'Dave', watermark: { appid } });
    const bad = await call(
      'POST',
      '/api/auth/decrypt',
      { ...built, rawData, signature: '0'.repeat(40) },
      res.data.token,
    );
    expect([bad.status, bad.json.code]).toEqual([401, 4016]);
    await login('mp', 'dave'); // a new wx.login() rotates the session_key: the old data no longer opens
    const stale = await call('POST', '/api/auth/decrypt', built, res.data.token);
    expect([stale.status, stale.json.code]).toEqual([400, 4003]);
  });
});

describe('Mini Program session security', () => {
  it('rejects missing, tampered, foreign-key and expired tokens with their codes', async () => {
    const res = await login('mp', 'erin');
    expect((await call('GET', '/api/auth/me')).json.code).toBe(4011);
    const [h, p, s] = res.data.token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url');
    expect((await call('GET', '/api/auth/me', undefined, `${h}.${forged}.${s}`)).json.code).toBe(4012);
    expect((await call('GET', '/api/auth/me', undefined, 'not-a-jwt')).json.code).toBe(4012);
    const sign = (secret: string, exp: number) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const future = Math.floor(Date.now() / 1000) + 600;
    expect(
      (await call('GET', '/api/auth/me', undefined, await sign('another-secret-0123456789', future))).json
        .code,
    ).toBe(4012);
    const expired = await call(
      'GET',
      '/api/auth/me',
      undefined,
      await sign(JWT_SECRET, Math.floor(Date.now() / 1000) - 5),
    );
    expect([expired.status, expired.json.code]).toEqual([401, 4013]);
  });

  it('rotates refresh tokens; reusing a rotated one after the grace window revokes the whole family at once', async () => {
    const res = await login('mp', 'frank');
    const next = await call('POST', '/api/auth/refresh', { refreshToken: res.data.refreshToken });
    const rotated = next.json.data as { token: string; refreshToken: string };
    expect(rotated.refreshToken).not.toBe(res.data.refreshToken);
    expect((await call('GET', '/api/auth/me', undefined, rotated.token)).status).toBe(200);
    // Within the grace window a repeated refresh (another tab, a retry) gets the same pair back.
    const retried = await call('POST', '/api/auth/refresh', { refreshToken: res.data.refreshToken });
    expect(retried.json.data).toMatchObject({ token: rotated.token, refreshToken: rotated.refreshToken });
    // Past the window, the rotated token coming back means it was copied.
    const db = new BetterSqlite3(join(dataDir, 'wegate.db'));
    db.prepare('update wegate_refresh_tokens set created_at = created_at - ? where user_id = ?').run(
      REFRESH_GRACE_MS + 1_000,
      res.data.user['id'],
    );
    db.close();
    const reuse = await call('POST', '/api/auth/refresh', { refreshToken: res.data.refreshToken });
    expect([reuse.status, reuse.json.code]).toEqual([401, 4014]);
    expect((await call('GET', '/api/auth/me', undefined, rotated.token)).json.code).toBe(4014);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: rotated.refreshToken })).json.code).toBe(
      4014,
    );
    expect((await call('POST', '/api/auth/refresh', { refreshToken: 'unknown' })).json.code).toBe(4012);
  });

  it('logout revokes the session immediately; other sessions of the user live on', async () => {
    const a = await login('mp', 'grace');
    const b = await login('mp', 'grace');
    expect((await call('POST', '/api/auth/logout', undefined, a.data.token)).json.data).toEqual({
      loggedOut: true,
    });
    expect((await call('GET', '/api/auth/me', undefined, a.data.token)).json.code).toBe(4014);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: a.data.refreshToken })).json.code).toBe(
      4014,
    );
    expect((await call('GET', '/api/auth/me', undefined, b.data.token)).status).toBe(200);
  });

  it('keeps phone numbers, session keys and tokens out of the database and the logs', async () => {
    const res = await login('mp', 'heidi');
    const sessionKey = await sessionKeyOf(config.apps.mp!.appid, res.openid);
    const rows = dumpAll();
    const logs = logLines.join('\n');
    expect(logs).toContain('phone number bound');
    expect(logs).toContain('139****5678');
    for (const secret of [PHONE, '12345678', sessionKey, res.data.token, res.data.refreshToken, res.code]) {
      expect(rows).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it('rotates keys while the server runs: every row under v2, old and new decrypt', async () => {
    const res = await login('mp', 'ivan');
    const { code } = await emulator('/phone-code', {
      appid: config.apps.mp!.appid,
      openid: res.openid,
      phoneNumber: '13700001111',
    });
    await call('POST', '/api/auth/phone', { code }, res.data.token);
    const counts = await rotateKeys(
      { ...config, secrets: { ...config.secrets, fieldKeys: V2 } },
      { batchSize: 3 },
    );
    expect(counts.version).toBe('2');
    expect(counts.sessionKeys).toBeGreaterThan(5);
    expect(counts.phoneNumbers).toBe(2);
    const db = rawDb();
    const versions = db
      .prepare(
        'select distinct session_key_version v from wegate_user_identities union select distinct key_version from wegate_phone_numbers',
      )
      .all();
    db.close();
    expect(versions).toEqual([{ v: 2 }]);
    expect(await sessionKeyOf(config.apps.mp!.appid, res.openid)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const { createPhoneBook } = await import('../../src/mini-program/session/phone-book.js');
    const phones = createPhoneBook({ store: runtime.deps.store, cipher: createFieldCipher({ keys: V2 }) });
    expect(await phones.readPhoneNumber(String(res.data.user['id']), 'admin:e2e', '10.1.1.1')).toEqual({
      purePhoneNumber: '13700001111',
      countryCode: '86',
    });
    expect((await rotateKeys({ ...config, secrets: { ...config.secrets, fieldKeys: V2 } })).sessionKeys).toBe(
      0,
    );
  });
});
