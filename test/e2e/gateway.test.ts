import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'gateway-e2e-key-0123456789abcdef';
let sandbox: SandboxServer;
let url: string;
let oaid: string;

/** `key` '' sends no Authorization header. */
async function call(method: string, path: string, body?: unknown, key = KEY) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key !== '') headers['authorization'] = `Bearer ${key}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Json };
}
const stats = async () => (await call('GET', `/__emulator/stats?appid=${oaid}`)).json['apps'][oaid];

beforeAll(async () => {
  sandbox = await startSandboxServer('gateway', { env: { WEGATE_GATEWAY_KEY: KEY } });
  url = sandbox.server.url;
  oaid = sandbox.server.deps.apps['oa']!.config.appid;
});

afterAll(async () => {
  await sandbox?.close();
});

describe('open-API gateway in the sandbox server', () => {
  it("answers cgi-bin/getcallbackip with the emulator's JSON, calling it with the server's token", async () => {
    const res = await call('GET', '/gateway/oa/cgi-bin/getcallbackip?access_token=not-ours');
    expect(res.status).toBe(200);
    expect(res.json['ip_list'].length).toBeGreaterThan(0);
    expect((await stats()).calls['/cgi-bin/getcallbackip']).toMatchObject({ total: 1, ok: 1 });
  });

  it('sends a template message a simulated follower receives, and passes 40037 on unchanged', async () => {
    await call('POST', '/__emulator/templates', { appid: oaid, template_id: 'TPL_E2E', keys: ['first'] });
    const followed = await call('POST', '/__emulator/users/send', {
      app: 'oa',
      openid: 'o-gw-e2e',
      message: { Event: 'subscribe' },
    });
    expect(followed.json['outcome']).toBe('replied');
    const send = (template_id: string) =>
      call('POST', '/gateway/oa/cgi-bin/message/template/send', {
        touser: 'o-gw-e2e',
        template_id,
        data: { first: { value: 'order shipped' } },
      });
    const ok = await send('TPL_E2E');
    expect(ok.json).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const bad = await send('TPL_MISSING');
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({ errcode: 40037, errmsg: expect.stringMatching(/^invalid template_id/) });
    const inbox = (await call('GET', '/__emulator/users/o-gw-e2e/inbox?app=oa')).json['inbox'] as Json[];
    const templates = inbox.filter((e) => e['via'] === 'template');
    expect(templates).toHaveLength(1);
    expect(templates[0]!['message']).toMatchObject({
      template_id: 'TPL_E2E',
      msgid: ok.json['msgid'],
      data: { first: { value: 'order shipped' } },
    });
  });

  it('keeps the in-process emulator control API out of reach even though it shares the host', async () => {
    await call('POST', '/__emulator/faults', {
      path: '/cgi-bin/get_api_domain_ip',
      kind: 'latency',
      latencyMs: 1,
    });
    expect((await call('GET', '/gateway/oa/__emulator/faults')).status).toBe(404);
    expect((await call('POST', '/gateway/oa/__emulator/reset', {})).status).toBe(404);
    expect((await call('POST', '/gateway/oa/cgi-bin/%2E%2E/__emulator/reset', {})).status).toBe(404);
    expect((await call('GET', '/__emulator/faults')).json['faults']).toHaveLength(1);
    expect((await stats()).calls['/cgi-bin/getcallbackip'].total).toBe(1);
    await call('DELETE', '/__emulator/faults');
  });

  it('refuses callers without the key and exports the gateway series', async () => {
    const refused = await call('GET', '/gateway/oa/cgi-bin/getcallbackip', undefined, '');
    expect(refused.status).toBe(401);
    expect(refused.json['code']).toBe(4015);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(
      /wegate_gateway_requests_total\{app="oa",api="\/cgi-bin\/message\/template\/send",outcome="errcode",errcode="40037"\} 1/,
    );
    expect(text).toMatch(
      /wegate_gateway_requests_total\{app="oa",api="\/cgi-bin\/getcallbackip",outcome="ok",errcode=""\} 1/,
    );
  });
});
