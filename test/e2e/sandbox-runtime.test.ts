import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

let server: RunningServer;
let dataDir: string;
let sandbox: SandboxServer;

beforeAll(async () => {
  sandbox = await startSandboxServer('sandbox');
  server = sandbox.server;
  dataDir = sandbox.dataDir;
});

afterAll(async () => {
  await sandbox?.close();
});

describe('sandbox runtime', () => {
  it('points every generated app client at the in-process emulator on the server port', async () => {
    expect(Object.keys(server.deps.apps).sort()).toEqual(['mp', 'oa']);
    const result = await server.deps.apps.oa!.api.get<{ ip_list: string[] }>('/cgi-bin/getcallbackip');
    expect(result.ip_list.length).toBeGreaterThan(0);
    const stats = (await (await fetch(`${server.url}/__emulator/stats`)).json()) as {
      apps: Record<string, { tokensIssued: { stable: number } }>;
    };
    expect(stats.apps[server.deps.apps.oa!.config.appid]?.tokensIssued.stable).toBe(1);
  });

  it('gives the Official Account client the server as its QR image host: showUrl serves the emulator’s image', async () => {
    const oa = server.deps.apps.oa!.officialAccount!;
    expect(server.deps.apps.mp!.officialAccount).toBeUndefined();
    const qr = await oa.qrcode.create({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'sandbox-poster' } },
    });
    const url = oa.qrcode.showUrl(qr.ticket);
    expect(url).toBe(`${server.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`);
    const image = await fetch(url);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await image.text()).toContain(qr.ticket);
    const issued = (await (await fetch(`${server.url}/__emulator/qrcodes?app=oa`)).json()) as {
      qrcodes: { ticket: string; sceneStr?: string }[];
    };
    expect(issued.qrcodes).toContainEqual(
      expect.objectContaining({ ticket: qr.ticket, sceneStr: 'sandbox-poster' }),
    );
  });

  it('fetches the jsapi_ticket through the broker and reuses it', async () => {
    const first = await server.deps.apps.oa!.tickets.get();
    const second = await server.deps.apps.oa!.tickets.get();
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThan(20);
  });

  it('exports WeChat API call counts and token broker gauges on /metrics', async () => {
    await server.deps.apps.mp!.api.get('/cgi-bin/get_api_domain_ip');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(
      /wegate_wechat_api_calls_total\{app="mp",api="\/cgi-bin\/get_api_domain_ip",outcome="ok",errcode=""\} 1/,
    );
    expect(text).toMatch(/wegate_token_refreshes\{app="mp",credential="access_token"\} 1/);
    expect(text).not.toContain(server.deps.apps.mp!.config.secret);
  });

  it('lets the simulated user message the sandbox Official Account and see the echo reply', async () => {
    const oa = server.deps.apps.oa!.config;
    const res = await fetch(`${server.url}/__emulator/users/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appid: oa.appid,
        openid: 'o-sandbox-user',
        message: { MsgType: 'text', Content: 'hello' },
      }),
    });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as { outcome: string; shown?: { MsgType: string; Content?: string } };
    expect(sent.outcome).toBe('replied');
    expect(sent.shown?.MsgType).toBe('text');
    expect(sent.shown?.Content).toContain('hello');
  });

  it('runs migrations on the embedded SQLite store under the data directory', async () => {
    // The query throws when the migration did not create the table.
    const rows = await server.deps.store.db.selectFrom('wegate_jobs').select('id').execute();
    expect(Array.isArray(rows)).toBe(true);
    expect(server.deps.store.dialect).toBe('sqlite');
    expect(existsSync(join(dataDir, 'wegate.db'))).toBe(true);
  });
});
