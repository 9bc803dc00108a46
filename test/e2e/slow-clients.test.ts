/**
 * Slow and numerous clients against a real listening server (loopback, small limits set through the
 * settings): a trickled body or trickled headers are cut off after their timeout, on Fastify's routes and
 * on the callback lane alike, and connections past the cap are refused until some close.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const REQUEST_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 300;
/** How long any one client in these tests may take before the test gives up on the server. */
const GIVE_UP_MS = 6000;

interface Ending {
  /** Milliseconds from the first byte written (or the connection) to the server closing it. */
  readonly afterMs: number;
  /** What the server wrote before closing. */
  readonly received: string;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `head`, then one byte of `drip` every 50 ms (at most its length) until the server closes the
 * connection; rejects when it is still open after GIVE_UP_MS.
 */
async function trickle(port: number, head: string, drip: string): Promise<Ending> {
  const socket = await open(port);
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined); // a reset after the answer is an ending too
  return new Promise((resolve, reject) => {
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++] as string);
    }, 50);
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`still open after ${GIVE_UP_MS} ms; received ${JSON.stringify(received)}`));
    }, GIVE_UP_MS);
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ afterMs: Date.now() - started, received });
    });
    if (head !== '') socket.write(head);
  });
}

/** GET /ping on a connection of its own; the status, or an error when it cannot be had in time. */
function ping(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/ping', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('ping timed out')));
    req.on('error', reject);
    req.end();
  });
}

const postHead = (path: string, type: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: 4000\r\n\r\n`;

describe('request and headers timeouts', () => {
  let sandbox: SandboxServer;
  let port: number;
  beforeAll(async () => {
    sandbox = await startSandboxServer('slow-clients', {
      env: {
        WEGATE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        WEGATE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      },
    });
    port = Number(new URL(sandbox.server.url).port);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('cuts off a client trickling the body of POST /api/auth/login after the request timeout (408)', async () => {
    const end = await trickle(port, postHead('/api/auth/login', 'application/json'), '{"code":"'.repeat(50));
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(end.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
    expect(await ping(port)).toBe(200);
  });

  it('cuts off a client trickling the body of a WeChat callback (the node:http lane) after the request timeout', async () => {
    const path = '/wechat/oa?signature=x&timestamp=1&nonce=n';
    const end = await trickle(port, postHead(path, 'text/xml'), '<xml><a>b</a></xml>'.repeat(10));
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(end.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
  });

  it('cuts off a client that never finishes its headers after the headers timeout', async () => {
    const end = await trickle(port, 'GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n'.repeat(20));
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS - 200);
  });

  it('closes a connection that sends nothing after the headers timeout', async () => {
    const end = await trickle(port, '', '');
    expect(end.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS - 200);
    expect(await ping(port)).toBe(200);
  });
});

describe('connection cap', () => {
  const CAP = 20;
  let sandbox: SandboxServer;
  let port: number;
  beforeAll(async () => {
    sandbox = await startSandboxServer('connection-cap', { env: { WEGATE_MAX_CONNECTIONS: String(CAP) } });
    port = Number(new URL(sandbox.server.url).port);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const connections = () =>
    new Promise<number>((resolve, reject) =>
      sandbox.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );

  it('refuses connections past WEGATE_MAX_CONNECTIONS, and /ping answers again once they close', async () => {
    const held: Socket[] = [];
    try {
      for (let i = 0; i < CAP; i += 1) held.push(await open(port));
      for (let i = 0; i < 50 && (await connections()) < CAP; i += 1)
        await new Promise((r) => setTimeout(r, 20));
      expect(await connections()).toBe(CAP);
      // One more: accepted by the kernel, closed by the server at once, nothing answered.
      const extra = await trickle(port, 'GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '');
      expect(extra.received).toBe('');
      expect(extra.afterMs).toBeLessThan(1000);
      await expect(ping(port)).rejects.toThrow();
    } finally {
      for (const socket of held) socket.destroy();
    }
    for (let i = 0; i < 50 && (await connections()) > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await ping(port)).toBe(200);
  });
});
