import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';
import type { FaultSpec } from '../world/fault-book.js';

const OA = { appid: 'wxfaulttest0000oa', secret: 'oa-secret-fault', type: 'official-account' } as const;
const MP = { appid: 'wxfaulttest0000mp', secret: 'mp-secret-fault', type: 'mini-program' } as const;
const TOKEN_QUERY = { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret };

describe('injected faults', () => {
  let emu: EmulatorHarness;
  let rolls: number[];
  const inject = async (spec: FaultSpec) => (await emu.control('POST', '/faults', spec)).json;
  const fetchToken = () => emu.get('/cgi-bin/token', TOKEN_QUERY);
  const stats = () => emu.world.stats.snapshot().apps[OA.appid];

  beforeEach(() => {
    rolls = [];
    emu = createEmulatorHarness({ apps: [OA, MP], random: () => rolls.shift() ?? 0.99 });
  });
  afterEach(() => emu.close());

  it('fails the next `count` matching calls before their effect, then disappears', async () => {
    await inject({ path: '/cgi-bin/token', kind: 'errcode', errcode: -1, count: 2 });
    const first = await fetchToken();
    expect(first.json['errcode']).toBe(-1);
    expect(first.json['errmsg']).toMatch(/^system error rid: /);
    expect((await fetchToken()).json['errcode']).toBe(-1);
    expect((await fetchToken()).json['expires_in']).toBe(7200);
    expect(stats()?.tokensIssued.classic).toBe(1);
    expect(stats()?.calls['/cgi-bin/token']).toEqual({ total: 3, ok: 1, errors: { '-1': 2 } });
    expect((await emu.control('GET', '/faults')).json['faults']).toEqual([]);
  });

  it('with phase after, performs the effect (a token is minted) and then fails the answer', async () => {
    await inject({ path: 'cgi-bin/token', kind: 'errcode', errcode: 45011, count: 1, phase: 'after' });
    expect((await fetchToken()).json['errcode']).toBe(45011);
    expect(stats()?.tokensIssued.classic).toBe(1);
    expect(emu.world.quotas.usage(OA.appid, '/cgi-bin/token').used).toBe(1);
  });

  it('answers an HTTP status fault with that status and no JSON', async () => {
    await inject({ kind: 'http', status: 502, count: 1 });
    const response = await fetchToken();
    expect(response.status).toBe(502);
    expect(response.json).toEqual({});
    expect(stats()?.calls['/cgi-bin/token']?.errors).toEqual({ http_502: 1 });
    expect(stats()?.tokensIssued.classic).toBe(0);
  });

  it('drops the connection for a drop fault', async () => {
    await inject({ path: '/cgi-bin/token', kind: 'drop', count: 1 });
    await expect(fetchToken()).rejects.toThrow(/dropped/);
    expect(stats()?.calls['/cgi-bin/token']?.errors).toEqual({ drop: 1 });
    expect((await fetchToken()).json['expires_in']).toBe(7200);
  });

  it('delays the answer by latencyMs and still answers normally', async () => {
    await inject({ path: '/cgi-bin/token', kind: 'latency', latencyMs: 150, count: 1 });
    const started = performance.now();
    expect((await fetchToken()).json['expires_in']).toBe(7200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    // Consumed after one call (a timing bound on the next call would be flaky on a busy machine).
    expect((await emu.control('GET', '/faults')).json['faults']).toEqual([]);
  });

  it('fires a probabilistic fault only when the roll falls under its probability', async () => {
    await inject({ path: '/cgi-bin/token', kind: 'errcode', errcode: -1, probability: 0.3 });
    rolls = [0.1, 0.5, 0.29, 0.3];
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push((await fetchToken()).json['errcode'] ?? 0);
    expect(codes).toEqual([-1, 0, -1, 0]);
    expect((await emu.control('GET', '/faults')).json['faults']).toMatchObject([
      { fired: 2, probability: 0.3 },
    ]);
  });

  it('matches on appid and path only', async () => {
    await inject({ appid: MP.appid, kind: 'errcode', errcode: 40164 });
    await inject({ path: '/cgi-bin/stable_token', kind: 'errcode', errcode: -1 });
    expect((await fetchToken()).json['expires_in']).toBe(7200);
    const mp = await emu.get('/cgi-bin/token', { ...TOKEN_QUERY, appid: MP.appid, secret: MP.secret });
    expect(mp.json['errcode']).toBe(40164);
  });

  it('is cleared by DELETE /__emulator/faults', async () => {
    await inject({ kind: 'errcode', errcode: -1 });
    expect((await emu.control('DELETE', '/faults')).json).toEqual({ ok: true });
    expect((await fetchToken()).json['expires_in']).toBe(7200);
  });
});
