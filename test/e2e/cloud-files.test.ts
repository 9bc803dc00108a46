/** Through the server in sandbox mode: /api/files over cloud storage in the in-process emulator, and a function call. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUploadForm } from '../../src/cloud/storage/index.js';
import { createCloudFunctions } from '../../src/cloud/functions/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import { cleanEnv } from '../helpers/run-cli.js';

const LIMIT = 512 * 1024;
let dataDir: string;
let runtime: Runtime;
let app: FastifyInstance;
let url: string;
let mpAppid: string;
const users: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-files-e2e-'));
  const config = loadConfig({
    env: cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    cwd: dataDir,
  });
  runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  app = await buildApp(config, {
    ...runtime.deps,
    fileRoutes: { maxBytes: LIMIT, allowedTypes: ['image/*', 'application/octet-stream'] },
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  mpAppid = config.apps.mp!.appid;
  for (const name of ['ann', 'bob']) users[name] = await login(name);
});

/** A simulated Mini Program user logs in through wx.login → /api/auth/login; the session's bearer token. */
async function login(name: string): Promise<{ id: string; token: string }> {
  const wx = await request(`${url}/__emulator/mp/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appid: mpAppid, user: name }),
  });
  const { code } = (await wx.body.json()) as { code: string };
  const res = await request(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, app: 'mp' }),
  });
  const body = (await res.body.json()) as { data: { token: string; user: { id: string } } };
  return { id: String(body.data.user.id), token: body.data.token };
}

/** Authorization header of a logged-in user. */
function as(name: string): Record<string, string> {
  return { authorization: `Bearer ${users[name]!.token}` };
}

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(
  user: string | undefined,
  body: Buffer | Readable,
  opts: { type?: string; isPublic?: boolean; length?: boolean } = {},
) {
  const form = buildUploadForm(opts.isPublic ? [['public', 'true']] : [], {
    filename: 'photo.png',
    contentType: opts.type ?? 'image/png',
    body,
  });
  const headers: Record<string, string> = { 'content-type': form.contentType };
  if (user) Object.assign(headers, as(user));
  if (opts.length !== false && form.length !== undefined) headers['content-length'] = String(form.length);
  const res = await request(`${url}/api/files`, { method: 'POST', headers, body: Readable.from(form.body) });
  return {
    status: res.statusCode,
    json: (await res.body.json()) as { code: number; data: { id: string; size: number; public: boolean } },
  };
}

async function get(id: string, headers: Record<string, string> = {}) {
  const res = await request(`${url}/api/files/${id}`, { headers });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

const storedFiles = () => readdirSync(join(dataDir, 'emulator-storage'));
const rows = () => runtime.deps.store.db.selectFrom('wegate_files').selectAll().execute();

describe('files through the server', () => {
  it('uploads, records the owner, serves ranges only to the owner, then deletes', async () => {
    const bytes = randomBytes(300_000);
    const up = await upload('ann', bytes);
    expect(up.status).toBe(201);
    expect(up.json.data).toMatchObject({ size: bytes.length, public: false });
    const { id } = up.json.data;
    expect(await rows()).toContainEqual(
      expect.objectContaining({
        id,
        owner_id: users.ann!.id,
        size: bytes.length,
        content_type: 'image/png',
        public: 0,
        name: 'photo.png',
      }),
    );

    const whole = await get(id, as('ann'));
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('image/png');
    expect(whole.body.equals(bytes)).toBe(true);
    const part = await get(id, { ...as('ann'), range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(1000, 2000))).toBe(true);
    const beyond = await get(id, { ...as('ann'), range: `bytes=${bytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);

    expect((await get(id, as('bob'))).status).toBe(404);
    expect((await get(id)).status).toBe(401);
    const bobDelete = await request(`${url}/api/files/${id}`, {
      method: 'DELETE',
      headers: as('bob'),
    });
    expect(bobDelete.statusCode).toBe(404);
    await bobDelete.body.dump();

    const del = await request(`${url}/api/files/${id}`, { method: 'DELETE', headers: as('ann') });
    expect(del.statusCode).toBe(200);
    expect(await del.body.json()).toEqual({ code: 0, message: 'ok', data: { id, deleted: true } });
    expect((await get(id, as('ann'))).status).toBe(404);
    expect((await rows()).map((r) => r.id)).not.toContain(id);
    expect(storedFiles()).toEqual([]);
  });

  it('serves a public file to anyone', async () => {
    const bytes = randomBytes(2048);
    const { json } = await upload('ann', bytes, { isPublic: true });
    const res = await get(json.data.id);
    expect(res.status).toBe(200);
    expect(res.body.equals(bytes)).toBe(true);
  });

  it('refuses a file over the limit with 413 (declared or streamed) and keeps nothing', async () => {
    const before = (await rows()).length;
    const declared = await upload('ann', randomBytes(LIMIT + 100_000));
    expect(declared.status).toBe(413);
    expect(declared.json.code).toBe(4130);
    const streamed = await upload('ann', Readable.from([randomBytes(LIMIT), randomBytes(10)]), {
      length: false,
    });
    expect(streamed.status).toBe(413);
    expect((await rows()).length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(storedFiles().length).toBe(before);
  });

  it('refuses a type outside the allow-list and a non-multipart body with 415', async () => {
    const exe = await upload('ann', Buffer.from('MZ'), { type: 'application/x-msdownload' });
    expect(exe.status).toBe(415);
    expect(exe.json.code).toBe(4150);
    const json = await request(`${url}/api/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('ann') },
      body: '{}',
    });
    expect(json.statusCode).toBe(415);
    await json.body.dump();
  });

  it('refuses an SVG even though the allow-list says image/* (415, 4151)', async () => {
    const svg = await upload('ann', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), {
      type: 'image/svg+xml',
    });
    expect(svg.status).toBe(415);
    expect(svg.json.code).toBe(4151);
  });

  it('refuses an upload without a user with 401', async () => {
    expect((await upload(undefined, Buffer.from('x'))).status).toBe(401);
  });

  it('invokes the sandbox demo functions through the server client', async () => {
    const functions = createCloudFunctions({ env: 'sandbox-env' }, { api: runtime.deps.apps['mp']!.api });
    expect(
      await functions.invoke<{ values: number[] }, { sum: number }>('sum', { values: [1, 2, 39] }),
    ).toEqual({ sum: 42 });
    expect(await functions.invoke('echo', { hello: 'world' })).toEqual({ hello: 'world' });
  });
});
