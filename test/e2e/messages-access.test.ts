import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'messages-e2e-key-0123456789abcdef';
const MESSAGE = { app: 'oa', kind: 'custom', touser: 'o-anyone', payload: { msgtype: 'text' } };

async function call(url: string, method: string, path: string, authorization?: string) {
  const headers: Record<string, string> = {};
  if (method === 'POST') headers['content-type'] = 'application/json';
  if (authorization !== undefined) headers['authorization'] = authorization;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify(MESSAGE) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('/api/messages without WEGATE_GATEWAY_KEY', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandboxServer('messages-off');
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('answers 404 to POST /api/messages and GET /api/messages/:id, as if not mounted', async () => {
    const url = sandbox.server.url;
    const sent = await call(url, 'POST', '/api/messages');
    expect(sent.status).toBe(404);
    expect(sent.json['code']).not.toBe(0);
    const read = await call(url, 'GET', '/api/messages/any-id');
    expect(read.status).toBe(404);
    const unknown = await call(url, 'GET', '/api/no-such-route');
    expect(read.json['code']).toBe(unknown.json['code']);
    // Nothing was queued: the outbox holds no message.
    const rows = await sandbox.server.deps.store.db.selectFrom('wegate_outbox').select('id').execute();
    expect(rows).toEqual([]);
  });
});

describe('/api/messages with WEGATE_GATEWAY_KEY', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandboxServer('messages-on', { env: { WEGATE_GATEWAY_KEY: KEY } });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('answers 401 (4015) without the bearer key or with a wrong one, and accepts the key', async () => {
    const url = sandbox.server.url;
    for (const authorization of [undefined, 'Bearer wrong-key', KEY, `Basic ${KEY}`]) {
      const res = await call(url, 'POST', '/api/messages', authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.json['code']).toBe(4015);
      expect((await call(url, 'GET', '/api/messages/any-id', authorization)).status).toBe(401);
    }
    const sent = await call(url, 'POST', '/api/messages', `Bearer ${KEY}`);
    expect(sent.status).toBe(200);
    const id = sent.json['data']['id'] as string;
    const read = await call(url, 'GET', `/api/messages/${id}`, `Bearer ${KEY}`);
    expect(read.status).toBe(200);
    expect(read.json['data']['touser']).toBe('o-anyone');
  });
});
