/** GET /jssdk/config against the sandbox server: the signature WeChat's client would compute for the page. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

let sandbox: SandboxServer;
let server: RunningServer;

beforeAll(async () => {
  // Loopback plays the reverse proxy: X-Forwarded-* from it is believed, from anyone else ignored.
  sandbox = await startSandboxServer('jssdk', { env: { WEGATE_TRUST_PROXY: '127.0.0.1' } });
  server = sandbox.server;
});

afterAll(async () => {
  await sandbox?.close();
});

interface Config {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

async function config(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/jssdk/config${query}`, { headers });
  return { status: res.status, body: (await res.json()) as { code: number; data: Config } };
}

/** WeChat's algorithm, written out here rather than imported, so a shared bug cannot hide. */
function expected(ticket: string, c: Config, url: string): string {
  const string1 = `jsapi_ticket=${ticket}&noncestr=${c.nonceStr}&timestamp=${c.timestamp}&url=${url}`;
  return createHash('sha1').update(string1).digest('hex');
}

describe('GET /jssdk/config', () => {
  it('signs the page URL with the fragment stripped and nothing re-encoded', async () => {
    const page = 'https://shop.example.com/item?id=7&q=%E4%BD%A0+x';
    const res = await config(`?url=${encodeURIComponent(`${page}#section-2`)}`);
    expect(res.status).toBe(200);
    const ticket = await server.deps.apps.oa!.tickets.get('jsapi');
    expect(res.body.data.appId).toBe(server.deps.apps.oa!.config.appid);
    expect(res.body.data.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(Math.abs(res.body.data.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(res.body.data.signature).toBe(expected(ticket, res.body.data, page));
  });

  it('answers the same over HTTP (the node:http lane, ticket held) as through the Fastify route', async () => {
    const page = 'https://shop.example.com/lane?id=1';
    const ticket = await server.deps.apps.oa!.tickets.get('jsapi');
    const overHttp = await fetch(`${server.url}/jssdk/config?url=${encodeURIComponent(page)}`);
    const injected = await server.app.inject({
      method: 'GET',
      url: `/jssdk/config?url=${encodeURIComponent(page)}`,
    });
    for (const [status, type, id, text] of [
      [
        overHttp.status,
        overHttp.headers.get('content-type'),
        overHttp.headers.get('x-request-id'),
        await overHttp.text(),
      ],
      [
        injected.statusCode,
        injected.headers['content-type'],
        injected.headers['x-request-id'],
        injected.body,
      ],
    ] as Array<[number, string, string, string]>) {
      expect([status, type]).toEqual([200, 'application/json; charset=utf-8']);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const body = JSON.parse(text) as { code: number; message: string; data: Config };
      expect(Object.keys(body)).toEqual(['code', 'message', 'data']);
      expect(Object.keys(body.data)).toEqual(['appId', 'timestamp', 'nonceStr', 'signature']);
      expect(body.data.signature).toBe(expected(ticket, body.data, page));
    }
  });

  it('resolves a path against the origin the browser saw through a trusted proxy (WEGATE_TRUST_PROXY)', async () => {
    const res = await config(`?url=${encodeURIComponent('/h5/pay?x=1')}`, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'm.example.com',
    });
    expect(res.status).toBe(200);
    const ticket = await server.deps.apps.oa!.tickets.get('jsapi');
    expect(res.body.data.signature).toBe(expected(ticket, res.body.data, 'https://m.example.com/h5/pay?x=1'));
  });

  it('resolves a path against the Host header when the proxy headers come from a peer not trusted', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/jssdk/config?url=${encodeURIComponent('/h5/pay?x=1')}`,
      headers: { host: 'shop.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
      remoteAddress: '198.51.100.1',
    });
    expect(res.statusCode).toBe(200);
    const data = (res.json() as { data: Config }).data;
    const ticket = await server.deps.apps.oa!.tickets.get('jsapi');
    expect(data.signature).toBe(expected(ticket, data, 'http://shop.example.com/h5/pay?x=1'));
  });

  it('falls back to the Referer when no url is given', async () => {
    const res = await config('', { referer: 'https://a.example.com/p?z=9#top' });
    const ticket = await server.deps.apps.oa!.tickets.get('jsapi');
    expect(res.body.data.signature).toBe(expected(ticket, res.body.data, 'https://a.example.com/p?z=9'));
  });

  it('refuses a missing or non-http URL and an unknown or non-Official-Account app', async () => {
    expect((await config('')).status).toBe(400);
    expect((await config(`?url=${encodeURIComponent('javascript:alert(1)')}`)).status).toBe(400);
    const mp = await config(`?app=mp&url=${encodeURIComponent('https://a.example.com/')}`);
    expect(mp.status).toBe(404);
    expect(mp.body.code).not.toBe(0);
    expect((await config(`?app=nope&url=${encodeURIComponent('https://a.example.com/')}`)).status).toBe(404);
  });

  it('reuses one jsapi_ticket across requests (the emulator issued exactly one)', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () => config(`?url=${encodeURIComponent('https://a.example.com/')}`)),
    );
    const stats = (await (await fetch(`${server.url}/__emulator/stats`)).json()) as {
      apps: Record<string, { ticketsIssued: number }>;
    };
    expect(stats.apps[server.deps.apps.oa!.config.appid]?.ticketsIssued).toBe(1);
  });
});
