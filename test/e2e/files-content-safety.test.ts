/**
 * Through the server in sandbox mode, default file options: active content (SVG, HTML, XML, scripts) is
 * refused at upload and never served inline, every answer of GET /api/files/:id carries nosniff, a
 * sandboxing CSP and a safe Content-Disposition, and form fields may follow the file part.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUploadForm, createCloudStorage, type CloudStorage } from '../../src/cloud/storage/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import { createFileRecords } from '../../src/server/routes/files/index.js';
import { cleanEnv } from '../helpers/run-cli.js';

let dataDir: string;
let runtime: Runtime;
let app: FastifyInstance;
let url: string;
let storage: CloudStorage;
let user: { id: string; token: string };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-files-safety-'));
  const config = loadConfig({
    env: cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    cwd: dataDir,
  });
  runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  app = await buildApp(config, runtime.deps);
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  storage = createCloudStorage({ env: 'sandbox-env' }, { api: runtime.deps.apps['mp']!.api });
  const wx = await request(`${url}/__emulator/mp/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appid: config.apps.mp!.appid, user: 'uma' }),
  });
  const { code } = (await wx.body.json()) as { code: string };
  const res = await request(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, app: 'mp' }),
  });
  const body = (await res.body.json()) as { data: { token: string; user: { id: string } } };
  user = { id: String(body.data.user.id), token: body.data.token };
});

afterAll(async () => {
  await storage?.close();
  await app?.close();
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${user.token}` });
const storedFiles = () => {
  const dir = join(dataDir, 'emulator-storage');
  return existsSync(dir) ? readdirSync(dir) : [];
};
/** The emulator removes the bytes of an aborted upload asynchronously: wait (2 s at most) for `count`. */
async function settledFiles(count: number): Promise<number> {
  for (let waited = 0; storedFiles().length !== count && waited < 2000; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return storedFiles().length;
}
const rows = () => runtime.deps.store.db.selectFrom('wegate_files').selectAll().execute();

async function post(body: Buffer | AsyncIterable<Buffer>, contentType: string) {
  const res = await request(`${url}/api/files`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...auth() },
    body: Buffer.isBuffer(body) ? body : Readable.from(body),
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    json: (await res.body.json()) as { code: number; data: Record<string, unknown> },
  };
}

async function upload(type: string, bytes: Buffer, fields: Array<[string, string]> = [], filename = 'x.bin') {
  const form = buildUploadForm(fields, { filename, contentType: type, body: bytes });
  const chunks: Buffer[] = [];
  for await (const chunk of form.body) chunks.push(chunk);
  return post(Buffer.concat(chunks), form.contentType);
}

async function get(id: string, headers: Record<string, string> = {}) {
  const res = await request(`${url}/api/files/${id}`, { headers });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

/** A file put into cloud storage behind the server's back (console, another tool), then given a row. */
async function planted(name: string, contentType: string, bytes: Buffer): Promise<string> {
  const id = randomUUID();
  const storedType = /^[\x20-\x7e]+$/.test(contentType) ? contentType : 'application/octet-stream';
  const { fileID } = await storage.uploadFile({
    path: `planted/${id}`,
    body: bytes,
    contentType: storedType,
  });
  await createFileRecords(runtime.deps.store).insert({
    id,
    ownerId: user.id,
    fileId: fileID,
    name,
    size: bytes.length,
    contentType,
    public: true,
    createdAt: Date.now(),
  });
  return id;
}

const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/api/auth/me")</script></svg>',
);
const HTML = Buffer.from('<!doctype html><script>alert(document.domain)</script>');
const CSP = "default-src 'none'; sandbox";

function expectGuarded(headers: Record<string, unknown>, label: string) {
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['content-security-policy'], label).toBe(CSP);
}

describe('active content in /api/files', () => {
  it('refuses SVG, HTML, XHTML, XML and JavaScript uploads with 415 (4151) and stores nothing', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    for (const type of [
      'image/svg+xml',
      'text/html',
      'application/xhtml+xml',
      'text/xml',
      'application/xml',
      'text/javascript',
      'application/javascript',
      'IMAGE/SVG+XML; charset=utf-8',
    ]) {
      const res = await upload(type, SVG);
      expect(res.status, type).toBe(415);
      expect(res.json.code, type).toBe(4151);
      expectGuarded(res.headers, type);
    }
    expect((await rows()).length).toBe(before);
    expect(await settledFiles(files)).toBe(files);
  });

  it('serves a stored SVG and HTML as an octet-stream attachment with nosniff and a sandboxing CSP', async () => {
    for (const [name, type, bytes] of [
      ['logo.svg', 'image/svg+xml', SVG],
      ['page.html', 'text/html', HTML],
      ['feed.xml', 'application/xml', HTML],
      ['odd', 'image/png\u0000', HTML],
    ] as const) {
      const id = await planted(name, type, bytes);
      const res = await get(id);
      expect(res.status, type).toBe(200);
      expect(res.headers['content-type'], type).toBe('application/octet-stream');
      expect(res.headers['content-disposition'], type).toMatch(/^attachment;/);
      expectGuarded(res.headers, type);
      expect(res.body.equals(bytes), type).toBe(true);
      const part = await get(id, { range: 'bytes=0-3' });
      expect(part.status, type).toBe(206);
      expect(part.headers['content-type'], type).toBe('application/octet-stream');
      expect(part.headers['content-disposition'], type).toMatch(/^attachment;/);
      expectGuarded(part.headers, type);
    }
  });

  it('serves a PNG inline with nosniff and the CSP, and guards 206, 416, 401 and 404 answers too', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(100)]);
    const up = await upload('image/png', png, [], 'pic.png');
    expect(up.status).toBe(201);
    const id = String(up.json.data['id']);
    const whole = await get(id, auth());
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('image/png');
    expect(whole.headers['content-disposition']).toBe(`inline; filename="pic.png"; filename*=UTF-8''pic.png`);
    expectGuarded(whole.headers, '200');
    const part = await get(id, { ...auth(), range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect(part.headers['content-disposition']).toMatch(/^inline;/);
    expectGuarded(part.headers, '206');
    for (const [label, res] of [
      ['416', await get(id, { ...auth(), range: `bytes=${png.length}-` })],
      ['401', await get(id)],
      ['404', await get(randomUUID(), auth())],
    ] as const) {
      expect(String(res.status)).toBe(label);
      expectGuarded(res.headers, label);
      expect(res.headers['content-disposition'], label).toMatch(/^attachment\b/);
    }
  });

  it('serves audio, video and PDF inline under their own type, plain text as an attachment', async () => {
    for (const [type, inline] of [
      ['video/mp4', true],
      ['audio/mpeg', true],
      ['application/pdf', true],
      ['image/webp', true],
      ['text/plain', false],
      ['application/octet-stream', false],
    ] as const) {
      const up = await upload(type, randomBytes(64));
      expect(up.status, type).toBe(201);
      const res = await get(String(up.json.data['id']), auth());
      expect(String(res.headers['content-type']).split(';')[0], type).toBe(type);
      expect(res.headers['content-disposition'], type).toMatch(inline ? /^inline;/ : /^attachment;/);
      expectGuarded(res.headers, type);
    }
  });

  it('names the file with an ASCII fallback and an RFC 5987 filename*', async () => {
    const id = await planted('报告 "1" (v2).svg', 'image/svg+xml', SVG);
    const res = await get(id);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="__ _1_ (v2).svg"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%221%22%20%28v2%29.svg`,
    );
  });
});

describe('form fields around the file part', () => {
  const B = '----fieldsafter';
  const part = (name: string, value: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const filePart = (bytes: Buffer, name = 'a.png') =>
    Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`),
      Buffer.from('Content-Type: image/png\r\n\r\n'),
      bytes,
      Buffer.from('\r\n'),
    ]);
  const type = `multipart/form-data; boundary=${B}`;

  it('accepts a field that comes after the file part', async () => {
    const bytes = randomBytes(70_000);
    const body = Buffer.concat([filePart(bytes), Buffer.from(`${part('public', 'true')}--${B}--\r\n`)]);
    const res = await post(body, type);
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ public: true, size: bytes.length });
    const anyone = await get(String(res.json.data['id']));
    expect(anyone.status).toBe(200);
    expect(anyone.body.equals(bytes)).toBe(true);
  });

  it('refuses a second file part with 400, storing nothing', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    const body = Buffer.concat([
      filePart(randomBytes(100)),
      filePart(randomBytes(100), 'b.png'),
      Buffer.from(`--${B}--\r\n`),
    ]);
    const res = await post(body, type);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(4000);
    expect((await rows()).length).toBe(before);
    expect(await settledFiles(files)).toBe(files);
  });
});
