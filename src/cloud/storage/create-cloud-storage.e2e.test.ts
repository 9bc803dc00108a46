/** End to end: storage client → kernel API client → emulator over loopback → files on disk. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { buildEmulatorApp } from '../../emulator/build-emulator-app.js';
import { createWorld, type World } from '../../emulator/world/world.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError, isWeChatHttpError } from '../../kernel/errors/wechat-error.js';
import { createApiClient } from '../../kernel/http/create-api-client.js';
import type { ApiClient } from '../../kernel/http/api-client.types.js';
import { buildUploadForm } from './build-upload-form.js';
import { createCloudStorage, type CloudStorage } from './create-cloud-storage.js';
import { failure } from '../../../test/helpers/failure.js';

const MP = { appid: 'wxcloudfs00e2e0mp', secret: 'mp-secret-files-e2e', type: 'mini-program' } as const;
const ENV = 'files-env-2c9d';

/** A deterministic pseudo-random stream of `size` bytes in 64 KiB chunks. */
function generated(size: number, seed: string): Readable {
  let sent = 0;
  let block = createHash('sha256').update(seed).digest();
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(65_536, size - sent);
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i += 32) {
        block = createHash('sha256').update(block).digest();
        block.copy(chunk, i);
      }
      sent += n;
      this.push(chunk);
    },
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('cloud storage end to end', () => {
  let dir: string;
  let world: World;
  let app: FastifyInstance;
  let api: ApiClient;
  let storage: CloudStorage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wegate-storage-e2e-'));
    world = createWorld({ apps: [MP], cloudEnvs: [{ env: ENV, appid: MP.appid }], cloudStorage: { dir } });
    app = buildEmulatorApp({ world });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const tokens = createAccessTokenBroker(
      { appid: MP.appid, secret: MP.secret, baseUrl: url },
      { cache: createMemoryCache(), lock: createMemoryLock() },
    );
    api = createApiClient({ baseUrl: url }, { tokens, sleep: async () => undefined });
    storage = createCloudStorage({ env: ENV }, { api });
  });
  afterAll(async () => {
    await storage.close();
    await api.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => world.reset());

  it('uploads a stream of a few MB to disk, serves it whole and by range, then deletes it', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const expected = await collect(generated(size, 'a'));
    const { fileID } = await storage.uploadFile({
      path: 'docs/report.bin',
      body: generated(size, 'a'),
      contentType: 'application/pdf',
    });
    expect(fileID).toBe(`cloud://${ENV}.6669-${ENV}/docs/report.bin`);
    const [stored] = world.cloudStorage.list();
    expect(stored?.size).toBe(size);
    expect(stored?.diskPath.startsWith(dir)).toBe(true);
    expect(readFileSync(stored?.diskPath ?? '').equals(expected)).toBe(true);

    expect((await collect(await storage.downloadFile(fileID))).equals(expected)).toBe(true);
    const part = await storage.openFile(fileID, { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.contentRange).toBe(`bytes 1000-1999/${size}`);
    expect(part.contentType).toBe('application/pdf');
    expect((await collect(part.body)).equals(expected.subarray(1000, 2000))).toBe(true);
    const tail = await storage.openFile(fileID, { range: 'bytes=-10' });
    expect((await collect(tail.body)).equals(expected.subarray(size - 10))).toBe(true);
    const outside = await failure(() => storage.openFile(fileID, { range: `bytes=${size}-` }));
    expect(isWeChatHttpError(outside) && outside.status).toBe(416);

    expect(await storage.deleteFile([fileID, `cloud://${ENV}.6669-${ENV}/nope`])).toEqual([
      { fileid: fileID, status: 0, errmsg: 'ok' },
      { fileid: `cloud://${ENV}.6669-${ENV}/nope`, status: -503003, errmsg: 'STORAGE_FILE_NONEXIST' },
    ]);
    expect(world.cloudStorage.list()).toEqual([]);
    expect(() => readFileSync(stored?.diskPath ?? '')).toThrow();
    const gone = await failure(() => storage.downloadFile(fileID));
    expect(isWeChatApiError(gone, -503003)).toBe(true);
  });

  it('lets temporary URLs expire on the world clock', async () => {
    const { fileID } = await storage.uploadFile({
      path: 'a.txt',
      body: Buffer.from('hello'),
      contentType: 'text/plain',
    });
    const [entry] = await storage.getTempFileURL([{ fileid: fileID, max_age: 60 }]);
    expect(entry).toMatchObject({ fileid: fileID, status: 0, errmsg: 'ok' });
    const url = entry?.download_url ?? '';
    const first = await request(url);
    expect(first.statusCode).toBe(200);
    expect(await first.body.text()).toBe('hello');
    world.clock.advance(61_000);
    const late = await request(url);
    expect(late.statusCode).toBe(403);
    expect(await late.body.text()).toContain('<Code>AccessDenied</Code>');
    const forged = await request(url.replace(/t=\d+/, `t=${Math.floor(world.now() / 1000) + 600}`));
    expect(forged.statusCode).toBe(403);
    await forged.body.dump();
  });

  it('refuses a form whose Signature or token was not issued for that path, storing nothing', async () => {
    const ticket = await api.post<{ url: string; token: string; authorization: string; cos_file_id: string }>(
      '/tcb/uploadfile',
      { env: ENV, path: 'x/allowed.bin' },
    );
    const post = async (key: string, signature: string) => {
      const form = buildUploadForm(
        [
          ['key', key],
          ['Signature', signature],
          ['x-cos-security-token', ticket.token],
          ['x-cos-meta-fileid', ticket.cos_file_id],
        ],
        { filename: 'f', contentType: 'application/octet-stream', body: randomBytes(1024) },
      );
      const res = await request(ticket.url, {
        method: 'POST',
        headers: { 'content-type': form.contentType },
        body: Readable.from(form.body),
      });
      return { status: res.statusCode, text: await res.body.text() };
    };
    const forged = await post('x/allowed.bin', `${ticket.authorization}0`);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('<Code>AccessDenied</Code>');
    expect((await post('x/other.bin', ticket.authorization)).status).toBe(403);
    expect(world.cloudStorage.list()).toEqual([]);
    expect((await post('x/allowed.bin', ticket.authorization)).status).toBe(204);
    expect(world.cloudStorage.list().map((f) => f.path)).toEqual(['x/allowed.bin']);
  });

  it('answers a malformed form with MalformedPOSTRequest', async () => {
    const ticket = await api.post<{ url: string }>('/tcb/uploadfile', { env: ENV, path: 'm.bin' });
    const res = await request(ticket.url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\nbroken',
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain('<Code>MalformedPOSTRequest</Code>');
  });

  it('maps tcb errcodes to WeChatApiError: unknown env, missing path, too many files', async () => {
    const other = createCloudStorage({ env: 'no-such-env' }, { api });
    expect(
      isWeChatApiError(await failure(() => other.uploadFile({ path: 'a', body: Buffer.from('x') })), -501005),
    ).toBe(true);
    expect(
      isWeChatApiError(await failure(() => storage.uploadFile({ path: '', body: Buffer.from('x') })), 40101),
    ).toBe(true);
    const many = Array.from({ length: 51 }, (_, i) => `cloud://${ENV}.6669-${ENV}/${i}`);
    expect(isWeChatApiError(await failure(() => storage.getTempFileURL(many)), 40097)).toBe(true);
    await other.close();
  });
});
