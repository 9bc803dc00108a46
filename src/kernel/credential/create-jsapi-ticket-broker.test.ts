import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { gateFirstDelete } from '../../../test/helpers/gate-first-delete.js';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createApiClient } from '../http/create-api-client.js';
import type { ApiClient } from '../http/api-client.types.js';
import { createAccessTokenBroker } from './create-access-token-broker.js';
import { createJsapiTicketBroker } from './create-jsapi-ticket-broker.js';

describe('createJsapiTicketBroker', () => {
  let fake: FakeWeChat;
  let api: ApiClient;
  const deps = () => ({ cache: createMemoryCache(), lock: createMemoryLock() });

  beforeEach(async () => {
    fake = await startFakeWeChat();
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
      deps(),
    );
    api = createApiClient({ baseUrl: fake.url }, { tokens });
  });
  afterEach(async () => {
    await api.close();
    await fake.close();
  });

  it('fetches one jsapi ticket for 100 concurrent callers, through the API client', async () => {
    const tickets = createJsapiTicketBroker({ appid: fake.appid }, { ...deps(), api });
    const got = await Promise.all(Array.from({ length: 100 }, () => tickets.get()));
    expect(new Set(got).size).toBe(1);
    expect(got[0]).toMatch(/^ticket-jsapi-/);
    expect(fake.issued.tickets).toBe(1);
    const call = fake.requests.find((r) => r.path === '/cgi-bin/ticket/getticket');
    expect(call?.query).toMatchObject({ type: 'jsapi', access_token: expect.stringMatching(/^stable-/) });
    expect(tickets.state()).toMatchObject({ refreshes: 1 });
  });

  it('peeks at the held ticket without fetching: none before the first get, none after invalidation', async () => {
    const tickets = createJsapiTicketBroker({ appid: fake.appid }, { ...deps(), api });
    expect(tickets.peek()).toBeUndefined();
    expect(fake.issued.tickets).toBe(0);
    const ticket = await tickets.get();
    expect(tickets.peek()).toBe(ticket);
    expect(tickets.peek('wx_card')).toBeUndefined();
    await tickets.invalidate(ticket);
    expect(tickets.peek()).toBeUndefined();
  });

  it('keeps wx_card tickets apart from jsapi tickets', async () => {
    const tickets = createJsapiTicketBroker({ appid: fake.appid }, { ...deps(), api });
    const [jsapi, card] = await Promise.all([tickets.get(), tickets.get('wx_card')]);
    expect(card).toMatch(/^ticket-wx_card-/);
    expect(jsapi).not.toBe(card);
    expect(fake.issued.tickets).toBe(2);
  });

  it('refreshes after invalidate of the current ticket, not after a stale one', async () => {
    const tickets = createJsapiTicketBroker({ appid: fake.appid }, { ...deps(), api });
    const first = await tickets.get();
    await tickets.invalidate('ticket-old');
    expect(await tickets.get()).toBe(first);
    await tickets.invalidate(first);
    expect(await tickets.get()).not.toBe(first);
    expect(fake.issued.tickets).toBe(2);
  });

  it('never hands out the ticket being invalidated to a caller that arrives mid-invalidation', async () => {
    const gate = gateFirstDelete(createMemoryCache());
    const tickets = createJsapiTicketBroker(
      { appid: fake.appid },
      { cache: gate.cache, lock: createMemoryLock(), api },
    );
    const first = await tickets.get();
    const invalidating = tickets.invalidate(first);
    await gate.reached;
    const meanwhile = await tickets.get();
    gate.release();
    await invalidating;
    expect(meanwhile).not.toBe(first);
    expect(await tickets.get()).toBe(meanwhile);
    expect(fake.issued.tickets).toBe(2);
  });

  it('shares tickets between processes through the cache', async () => {
    const shared = deps();
    const a = createJsapiTicketBroker({ appid: fake.appid }, { ...shared, api });
    const b = createJsapiTicketBroker({ appid: fake.appid }, { ...shared, api });
    expect(await a.get()).toBe(await b.get());
    expect(fake.issued.tickets).toBe(1);
  });
});
