/** @module Builds signed/encrypted WeChat callback requests and a server to send them to, for callback tests. */
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { request as httpRequest } from 'undici';
import { pino } from 'pino';
import { createMemoryCache, createMemoryLock, type MemoryCache } from '../../src/adapters/memory/index.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import type { Router } from '../../src/callback/index.js';
import { parseInboundBody, type CallbackFormat } from '../../src/callback/index.js';
import { createCallbackInbox, keepDoneFor } from '../../src/callback/inbox/index.js';
import type { AppConfig, CallbackConfig } from '../../src/config/config.types.js';
import { createMsgCipher, signCallback } from '../../src/kernel/crypto/index.js';
import type { Store } from '../../src/kernel/ports/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { createWeChatApps } from '../../src/server/create-wechat-apps.js';
import { createMetrics } from '../../src/server/plugins/metrics.js';
import { RETENTION_JOB } from '../../src/retention/index.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';
import { testConfig } from './test-config.js';

export function appConfig(name: string, fields: Partial<AppConfig> = {}): AppConfig {
  return {
    name,
    type: 'official-account',
    appid: 'wx0123456789abcdef',
    secret: 'f'.repeat(32),
    token: 'tokenFor' + name.replace(/[^A-Za-z0-9]/g, ''),
    aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    tokenMode: 'stable',
    msgMode: 'safe',
    pushFormat: 'xml',
    ...fields,
  };
}

/** How a test request reaches the route: Fastify's inject(), or real HTTP (the node:http lane for POSTs). */
export type Door = 'inject' | 'http';

export interface SentAnswer {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

export interface CallbackServer {
  readonly app: FastifyInstance;
  /** Sends `options` through `door`; the server listens on a free port the first time HTTP is used. */
  send(options: InjectOptions, door: Door): Promise<SentAnswer>;
  readonly inboxCache: MemoryCache;
  readonly store: Store;
  readonly logs: () => string;
  /** Rows of the jobs table: what the queue holds. */
  jobs(): Promise<Array<{ queue: string; idempotency_key: string | null; data: string }>>;
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  apps: AppConfig[];
  callbacks?: Record<string, Router<CallbackContext>>;
  callback?: Partial<CallbackConfig>;
  sandbox?: boolean;
}

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  let logs = '';
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((logs += chunk.toString()), done()) });
  const logger = pino({ level: 'info' }, sink);
  const config = testConfig({
    sandbox: options.sandbox ?? false,
    apps: Object.fromEntries(options.apps.map((a) => [a.name, a])),
    callback: { maxSkewS: 0, deadlineMs: 4500, maxBodyBytes: 1024 * 1024, ...options.callback },
  });
  const cache = createMemoryCache();
  const lock = createMemoryLock();
  const metrics = createMetrics({ defaultMetrics: false });
  const wechat = createWeChatApps(config, {
    cache,
    lock,
    logger,
    metrics,
    baseUrl: () => 'http://127.0.0.1:9',
  });
  const inboxCache = createMemoryCache();
  // Kept as long as the runtime keeps them: beyond the timestamp window.
  const keepDoneMs = keepDoneFor(config.callback.maxSkewS);
  const inbox = createCallbackInbox({
    cache: inboxCache,
    leaseMs: 600,
    renewEveryMs: 200,
    pollMs: 10,
    keepDoneMs,
  });
  const queue = createSqlQueue({ store });
  const app = await buildApp(config, {
    logger,
    store,
    cache,
    lock,
    queue,
    metrics,
    apps: wechat.apps,
    callbackInbox: inbox,
    ...(options.callbacks ? { callbacks: options.callbacks } : {}),
  });
  await app.ready();
  let base: string | undefined;
  return {
    app,
    async send(options, door) {
      if (door === 'inject') {
        const res = await app.inject(options);
        return { statusCode: res.statusCode, body: res.body, headers: res.headers };
      }
      base ??= await app.listen({ port: 0, host: '127.0.0.1' });
      const res = await httpRequest(`${base}${String(options.url)}`, {
        method: (options.method ?? 'GET') as 'GET',
        headers: options.headers as Record<string, string>,
        body: options.payload as string | undefined,
      });
      return { statusCode: res.statusCode, body: await res.body.text(), headers: res.headers };
    },
    inboxCache,
    store,
    logs: () => logs,
    // Every job but the retention schedule, which the server enqueues for itself when it is ready.
    jobs: () =>
      store.db
        .selectFrom('wegate_jobs')
        .select(['queue', 'idempotency_key', 'data'])
        .where('queue', '!=', RETENTION_JOB)
        .execute(),
    async close() {
      await app.close();
      inbox.close();
      await queue.close();
      await wechat.close();
      await store.close();
    },
  };
}

export interface TextFields {
  content?: string;
  msgId?: string;
  from?: string;
  to?: string;
  createTime?: string;
}

export function textXml(f: TextFields = {}): string {
  return (
    `<xml><ToUserName><![CDATA[${f.to ?? 'gh_account'}]]></ToUserName>` +
    `<FromUserName><![CDATA[${f.from ?? 'oUser1'}]]></FromUserName>` +
    `<CreateTime>${f.createTime ?? '1700000000'}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${f.content ?? 'hello'}]]></Content><MsgId>${f.msgId ?? '9000000000000001'}</MsgId></xml>`
  );
}

export function textJson(f: TextFields = {}): string {
  // MsgId as a bare 64-bit number, as WeChat sends it.
  return (
    `{"ToUserName":"${f.to ?? 'gh_mini'}","FromUserName":"${f.from ?? 'oUser1'}",` +
    `"CreateTime":${f.createTime ?? '1700000000'},"MsgType":"text","Content":"${f.content ?? 'hello'}",` +
    `"MsgId":${f.msgId ?? '9000000000000001'}}`
  );
}

const nowS = () => String(Math.floor(Date.now() / 1000));
let nonceSeq = 100000;

function url(path: string, query: Record<string, string>): string {
  return `${path}?${new URLSearchParams(query).toString()}`;
}

export function plainRequest(
  path: string,
  app: AppConfig,
  body: string,
  contentType = 'text/xml',
): InjectOptions {
  const timestamp = nowS();
  const nonce = String((nonceSeq += 1));
  const signature = signCallback(app.token!, timestamp, nonce);
  return {
    method: 'POST',
    url: url(path, { signature, timestamp, nonce, openid: 'oUser1' }),
    headers: { 'content-type': contentType },
    payload: body,
  };
}

export interface SafeOptions {
  format?: CallbackFormat;
  compatible?: boolean;
  /** Encrypt this exact value instead of the encrypted message (bad-input tests). */
  encrypt?: string;
  cipherAppid?: string;
}

export function safeRequest(
  path: string,
  app: AppConfig,
  message: string,
  o: SafeOptions = {},
): InjectOptions {
  const timestamp = nowS();
  const nonce = String((nonceSeq += 1));
  const cipher = createMsgCipher({ aesKey: app.aesKey!, appid: o.cipherAppid ?? app.appid });
  const encrypt = o.encrypt ?? cipher.encrypt(message);
  const signature = signCallback(app.token!, timestamp, nonce);
  const msgSignature = signCallback(app.token!, timestamp, nonce, encrypt);
  const json = o.format === 'json';
  let payload: string;
  if (json) payload = JSON.stringify({ ToUserName: 'gh_mini', Encrypt: encrypt });
  else if (o.compatible)
    payload = message.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  else
    payload = `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return {
    method: 'POST',
    url: url(path, { signature, timestamp, nonce, encrypt_type: 'aes', msg_signature: msgSignature }),
    headers: { 'content-type': json ? 'application/json' : 'text/xml' },
    payload,
  };
}

/** Checks a safe-mode reply's MsgSignature and returns the decrypted document. */
export function openReply(app: AppConfig, body: string, format: CallbackFormat = 'xml'): string {
  const envelope = parseInboundBody(body, format);
  const encrypt = String(envelope.Encrypt);
  const expected = signCallback(app.token!, String(envelope.TimeStamp), String(envelope.Nonce), encrypt);
  if (expected !== envelope.MsgSignature) throw new Error('reply MsgSignature does not verify');
  const { message, appid } = createMsgCipher({ aesKey: app.aesKey!, appid: app.appid }).decrypt(encrypt);
  if (appid !== app.appid) throw new Error('reply appid mismatch');
  return message;
}
