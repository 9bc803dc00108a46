import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundBody } from '../../src/callback/index.js';
import { appConfig, plainRequest, textXml } from '../helpers/callback-kit.js';
import { createTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { ROOT } from '../helpers/run-cli.js';

const WORKER = fileURLToPath(new URL('../helpers/callback-worker.ts', import.meta.url));
const oa = appConfig('oa', { appid: 'wx1111111111111111', msgMode: 'plain' });
let redis: TestRedis;
const children: ChildProcess[] = [];

interface Worker {
  child: ChildProcess;
  port: number;
  started: Promise<string>;
}

function startWorker(name: string, hang: boolean): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_REDIS_URL: testRedisUrl(),
      WORKER_PREFIX: redis.prefix,
      WORKER_NAME: name,
      WORKER_HANG: hang ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  let onStarted: (content: string) => void = () => undefined;
  const started = new Promise<string>((resolve) => (onStarted = resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { port?: number; started?: string };
      if (msg.port) resolve({ child, port: msg.port, started });
      if (msg.started) onStarted(msg.started);
    });
  });
}

function send(port: number, xml: string): Promise<Response> {
  const req = plainRequest('/wechat', oa, xml);
  return fetch(`http://127.0.0.1:${port}${String(req.url)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: String(req.payload),
  });
}

beforeAll(async () => {
  redis = await createTestRedis('callback-crash');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await redis?.cleanup();
});

describe('a process killed mid-handler', () => {
  it('lets WeChat’s retry on another process run the handler again once the lease expired', async () => {
    const [dying, survivor] = await Promise.all([startWorker('A', true), startWorker('B', false)]);
    const xml = textXml({ content: 'crash me', msgId: '6100000000000001' });
    void send(dying.port, xml).catch(() => undefined);
    expect(await dying.started).toBe('crash me');
    dying.child.kill('SIGKILL');
    const killedAt = Date.now();
    // WeChat retries at once after the connection drops; the lease is still held for up to 3 s.
    const res = await send(survivor.port, xml);
    const handledAfterMs = Date.now() - killedAt;
    expect(await survivor.started).toBe('crash me');
    expect(res.status).toBe(200);
    expect(parseInboundBody(await res.text(), 'xml')).toMatchObject({ Content: 'ran by B' });
    expect(handledAfterMs).toBeLessThan(4500);
    const stored = await redis.redis.get(`${redis.prefix}cb:${oa.appid}:msg:6100000000000001`);
    expect(stored).toContain('ran by B');
  }, 30_000);
});
