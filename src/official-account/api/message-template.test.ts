import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../../emulator/create-emulator-harness.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { createApiClient, type ApiClient } from '../../kernel/http/index.js';
import { createSubscribeMessage } from '../../mini-program/api/subscribe-message.js';
import { createMessageCustom } from './message-custom.js';
import { createMessageTemplate } from './message-template.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };
const OA = { appid: 'wxmsgapi000000001', secret: 's1', type: 'official-account' as const };
let h: EmulatorHarness;
let api: ApiClient;

beforeAll(async () => {
  h = createEmulatorHarness({ apps: [OA] });
  const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens = createAccessTokenBroker(
    { appid: OA.appid, secret: OA.secret, baseUrl: url },
    { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
  );
  api = createApiClient({ baseUrl: url }, { tokens, logger: silent, sleep: async () => {} });
  h.world.users.follow(OA.appid, 'oFan');
  h.world.messaging.putTemplate({ appid: OA.appid, templateId: 'T1', keys: ['first'] });
});
afterAll(async () => {
  await api.close();
  await h.close();
});

const deliveries = (via: string) => h.world.users.inbox(OA.appid, 'oFan').filter((e) => e.via === via);

describe('message API methods against the emulator', () => {
  it('template.send delivers once per client_msg_id and answers the same msgid', async () => {
    const template = createMessageTemplate({ api });
    const body = { touser: 'oFan', template_id: 'T1', data: { first: { value: 'x' } }, client_msg_id: 'c1' };
    const first = await template.send(body);
    const second = await template.send(body);
    expect(second.msgid).toBe(first.msgid);
    expect(deliveries('template')).toHaveLength(1);
    const missing = await template.send({ ...body, client_msg_id: 'c2', data: {} }).catch((e: unknown) => e);
    expect(isWeChatApiError(missing, 47003)).toBe(true);
  });

  it('custom.send reaches a user in the 48 h window and is never retried after -1', async () => {
    const custom = createMessageCustom({ api });
    await custom.send({ touser: 'oFan', msgtype: 'text', text: { content: 'hello' } });
    expect(deliveries('custom')[0]?.message).toEqual({ msgtype: 'text', text: { content: 'hello' } });
    h.world.faults.add({ path: '/cgi-bin/message/custom/send', kind: 'errcode', errcode: -1, count: 1 });
    const busy = await custom
      .send({ touser: 'oFan', msgtype: 'text', text: { content: 'again' } })
      .catch((e: unknown) => e);
    expect(isWeChatApiError(busy, -1)).toBe(true);
    expect(deliveries('custom')).toHaveLength(1);
  });

  it('subscribe.send answers 43101 without an accepted subscription', async () => {
    const sub = createSubscribeMessage({ api });
    const refused = await sub
      .send({ touser: 'oFan', template_id: 'T1', data: { first: { value: 'x' } } })
      .catch((e: unknown) => e);
    expect(isWeChatApiError(refused, 43101)).toBe(true);
    h.world.messaging.recordChoice(OA.appid, 'oFan', 'T1', true);
    await sub.send({ touser: 'oFan', template_id: 'T1', data: { first: { value: 'x' } } });
    expect(deliveries('subscribe')).toHaveLength(1);
  });
});
