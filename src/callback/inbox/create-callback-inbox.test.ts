import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../adapters/memory/index.js';
import { createRedisCache } from '../../adapters/redis/index.js';
import { createTestRedis, type TestRedis } from '../../../test/helpers/redis.js';
import type { TextReply } from '../reply.types.js';
import type { InboxLease } from './callback-inbox.types.js';
import { createCallbackInbox, inboxKey, type CallbackInboxOptions } from './create-callback-inbox.js';
import { isPending } from './inbox-store.js';
import { createMemoryInboxStore } from './memory-inbox-store.js';

const reply: TextReply = {
  ToUserName: 'oUser',
  FromUserName: 'gh_account',
  CreateTime: 1700000000,
  MsgType: 'text',
  Content: 'hi ]]> there',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: TestRedis;
beforeAll(async () => {
  redis = await createTestRedis('callback-inbox');
});
afterAll(async () => {
  await redis?.cleanup();
});

type Source = Pick<CallbackInboxOptions, 'store' | 'cache'>;
const backends: Array<[string, () => Source]> = [
  ['the memory store', () => ({ store: createMemoryInboxStore() })],
  ['a memory Cache', () => ({ cache: createMemoryCache() })],
  ['a Redis Cache', () => ({ cache: createRedisCache({ redis: redis.redis, keyPrefix: redis.prefix }) })],
];

describe.each(backends)('createCallbackInbox over %s', (_name, makeSource) => {
  const fast = { leaseMs: 300, renewEveryMs: 100, pollMs: 10 };

  it('lets the first attempt run and answers the stored reply to the retries', async () => {
    const source = makeSource();
    const inbox = createCallbackInbox({ ...source, ...fast });
    const key = inboxKey('wxapp', 'msg:1');
    const first = await inbox.begin(key);
    expect(first.kind).toBe('run');
    expect(await inbox.begin(key)).toEqual({ kind: 'running' });
    if (first.kind !== 'run') throw new Error('unreachable');
    await inbox.finish(first.lease, reply);
    expect(await inbox.begin(key)).toEqual({ kind: 'done', reply });
    expect(inbox.active()).toBe(0);
    inbox.close();
  });

  it('namespaces keys by appid, so the same MsgId of two accounts runs twice', async () => {
    const inbox = createCallbackInbox({ ...makeSource(), ...fast });
    expect((await inbox.begin(inboxKey('wxA', 'msg:7'))).kind).toBe('run');
    expect((await inbox.begin(inboxKey('wxB', 'msg:7'))).kind).toBe('run');
    inbox.close();
  });

  it('keeps a lease alive past its TTL while the holder renews it', async () => {
    const inbox = createCallbackInbox({ ...makeSource(), ...fast });
    const key = inboxKey('wxapp', 'msg:renew');
    const first = await inbox.begin(key);
    await sleep(700);
    expect(await inbox.begin(key)).toEqual({ kind: 'running' });
    expect(first.kind === 'run' && first.lease.lost).toBe(false);
    inbox.close();
  });

  it('lets a retry take over once a dead holder stops renewing', async () => {
    const source = makeSource();
    const dead = createCallbackInbox({ ...source, ...fast });
    const key = inboxKey('wxapp', 'msg:crash');
    expect((await dead.begin(key)).kind).toBe('run');
    dead.close();
    const survivor = createCallbackInbox({ ...source, ...fast });
    expect(await survivor.begin(key)).toEqual({ kind: 'running' });
    await sleep(400);
    expect((await survivor.begin(key)).kind).toBe('run');
    survivor.close();
  });

  it('frees a released lease without a reply, so a retry runs the handler again', async () => {
    const inbox = createCallbackInbox({ ...makeSource(), ...fast });
    const key = inboxKey('wxapp', 'msg:fail');
    const first = await inbox.begin(key);
    if (first.kind !== 'run') throw new Error('expected run');
    await inbox.release(first.lease);
    expect((await inbox.begin(key)).kind).toBe('run');
    inbox.close();
  });

  it('waits for a running attempt and sees its reply, or gives up at the deadline', async () => {
    const inbox = createCallbackInbox({ ...makeSource(), ...fast });
    const key = inboxKey('wxapp', 'msg:wait');
    const first = await inbox.begin(key);
    if (first.kind !== 'run') throw new Error('expected run');
    expect(await inbox.waitFor(key, Date.now() + 50)).toEqual({ kind: 'running' });
    setTimeout(() => void inbox.finish(first.lease, 'success'), 60);
    expect(await inbox.waitFor(key, Date.now() + 1000)).toEqual({ kind: 'done', reply: 'success' });
    inbox.close();
  });

  it('reports a key freed while waiting', async () => {
    const inbox = createCallbackInbox({ ...makeSource(), ...fast });
    const key = inboxKey('wxapp', 'msg:freed');
    const first = await inbox.begin(key);
    if (first.kind !== 'run') throw new Error('expected run');
    setTimeout(() => void inbox.release(first.lease), 30);
    expect(await inbox.waitFor(key, Date.now() + 1000)).toEqual({ kind: 'free' });
    inbox.close();
  });

  it('marks a lease lost when another attempt took the key over', async () => {
    const source = makeSource();
    const slow = createCallbackInbox({ ...source, leaseMs: 100, renewEveryMs: 1000 });
    const key = inboxKey('wxapp', 'msg:stolen');
    const first = await slow.begin(key);
    if (first.kind !== 'run') throw new Error('expected run');
    await sleep(150);
    const other = createCallbackInbox({ ...source, ...fast });
    expect((await other.begin(key)).kind).toBe('run');
    await sleep(1000);
    expect(first.lease.lost).toBe(true);
    slow.close();
    other.close();
  });
});

describe('createCallbackInbox: answers as its store does', () => {
  it('claims and finishes without a promise over the memory store', async () => {
    const inbox = createCallbackInbox();
    const key = inboxKey('wxapp', 'msg:sync');
    const first = inbox.begin(key);
    expect(isPending(first)).toBe(false);
    expect((first as { kind: string }).kind).toBe('run');
    expect(inbox.active()).toBe(1);
    expect(inbox.begin(key)).toEqual({ kind: 'running' });
    expect(inbox.finish((first as { lease: InboxLease }).lease, reply)).toBeUndefined();
    expect(inbox.active()).toBe(0);
    expect(inbox.begin(key)).toEqual({ kind: 'done', reply });
    expect(await inbox.waitFor(key, Date.now())).toEqual({ kind: 'done', reply });
    inbox.close();
  });

  it('answers promises over a Redis Cache, whose answers take a round trip', async () => {
    const inbox = createCallbackInbox({
      cache: createRedisCache({ redis: redis.redis, keyPrefix: redis.prefix }),
    });
    const key = inboxKey('wxapp', `msg:async:${Date.now()}`);
    const first = inbox.begin(key);
    expect(isPending(first)).toBe(true);
    const begun = await first;
    if (begun.kind !== 'run') throw new Error('expected run');
    const finished = inbox.finish(begun.lease, 'success');
    expect(isPending(finished)).toBe(true);
    await finished;
    expect(await inbox.begin(key)).toEqual({ kind: 'done', reply: 'success' });
    inbox.close();
  });
});
