import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLY_LATER_JOB } from '../../src/outbox/index.js';
import { E2E_APPS } from '../helpers/callback-e2e-apps.js';
import { startE2eServer, type E2eServer } from '../helpers/callback-e2e-server.js';
import { createRecordingRouter, type RecordingRouter } from '../helpers/recording-router.js';
import { capturePush } from '../helpers/replay-push.js';

const DEADLINE_MS = 300;
const PUSH_TIMEOUT_MS = 500;
const HANDLER_MS = 1_000;

let server: E2eServer;
let recorder: RecordingRouter;

beforeAll(async () => {
  recorder = createRecordingRouter({ slowMs: HANDLER_MS });
  server = await startE2eServer({
    apps: { 'oa-safe': E2E_APPS['oa-safe']!, mp: E2E_APPS['mp']! },
    env: { WEGATE_CALLBACK_DEADLINE_MS: String(DEADLINE_MS), WECHAT_MP_PUSH_FORMAT: 'json' },
    callbacks: { 'oa-safe': recorder.router, mp: recorder.router },
    pushTimeoutMs: PUSH_TIMEOUT_MS,
  });
}, 20_000);

afterAll(async () => {
  await server?.close();
});

interface JobRow {
  queue: string;
  idempotency_key: string | null;
  data: unknown;
}

async function jobs(): Promise<JobRow[]> {
  const rows = await server.deps.store.db
    .selectFrom('wegate_jobs')
    .select(['queue', 'idempotency_key', 'data'])
    .execute();
  return rows.map((row) => ({
    ...row,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data,
  }));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const appidOf = (name: string) => server.config.apps[name]!.appid;
const originalIdOf = (name: string) => server.world.apps.get(appidOf(name))!.originalId!;

describe('callback retries over real HTTP', () => {
  it('answers success within the deadline, runs a slow handler once and queues its late reply', async () => {
    const openid = 'o-retry-slow';
    const record = await server.send('oa-safe', openid, { MsgType: 'text', Content: 'slow' });
    expect(record.deliveries).toHaveLength(1);
    expect(record.deliveries[0]).toMatchObject({ attempt: 1, status: 200 });
    expect(record.deliveries[0]!.ms).toBeLessThan(PUSH_TIMEOUT_MS);
    expect([record.outcome, record.shown]).toEqual(['nothing', undefined]);

    const key = `${appidOf('oa-safe')}:msg:${String(record.push['MsgId'])}:late`;
    const job = await waitFor(
      async () => (await jobs()).find((row) => row.idempotency_key === key),
      HANDLER_MS * 3,
    );
    expect(job.queue).toBe(REPLY_LATER_JOB);
    expect(job.data).toEqual({
      app: 'oa-safe',
      openid,
      reply: {
        ToUserName: openid,
        FromUserName: originalIdOf('oa-safe'),
        CreateTime: expect.any(Number),
        MsgType: 'text',
        Content: 'got message:text',
      },
    });
    // WeChat's retry of the same push after the deadline gets the same `success`, and nothing reruns.
    const retry = await capturePush(server.world, record).post();
    expect([retry.status, retry.body, retry.reading.outcome]).toEqual([200, 'success', 'nothing']);
    await sleep(DEADLINE_MS);
    expect(recorder.received(openid)).toHaveLength(1);
    const mine = (await jobs()).filter((row) => (row.data as { openid?: string }).openid === openid);
    expect(mine.map((row) => row.idempotency_key)).toEqual([key]);
    expect(server.world.users.inbox(appidOf('oa-safe'), openid)).toEqual([]);
  });

  it.each([
    ['a text message (MsgId) in safe XML', 'oa-safe', { MsgType: 'text', Content: 'reply:news8' }],
    ['a CLICK event (no MsgId) in safe XML', 'oa-safe', { Event: 'CLICK', EventKey: 'MENU_A' }],
    ['a text message in safe JSON push', 'mp', { MsgType: 'text', Content: 'reply:music' }],
  ] as const)(
    'gives a duplicate push of %s the same reply without running the handler again',
    async (_, app, message) => {
      const openid = `o-dup-${app}-${String(Object.values(message)[0])}`;
      const record = await server.send(app, openid, message);
      expect(record.outcome).toBe('replied');
      const replay = capturePush(server.world, record);
      // The same signed request twice (a replay), then a retry signed afresh as WeChat sends it.
      const answers = [
        await replay.post(),
        await replay.post(),
        await capturePush(server.world, record).post(),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.reading).toEqual({ outcome: 'replied', shown: record.shown });
      }
      expect(recorder.received(openid)).toHaveLength(1);
      expect(recorder.received(openid)[0]!.message).toMatchObject({ FromUserName: openid });
    },
  );
});

describe('WeChat retrying while the handler still runs (push timeout shorter than the deadline)', () => {
  let patient: E2eServer;
  let slow: RecordingRouter;

  beforeAll(async () => {
    slow = createRecordingRouter({ slowMs: HANDLER_MS });
    patient = await startE2eServer({
      apps: { 'oa-safe': E2E_APPS['oa-safe']! },
      callbacks: { 'oa-safe': slow.router },
      pushTimeoutMs: 400,
    });
  }, 20_000);

  afterAll(async () => {
    await patient?.close();
  });

  it('lets the retries wait for the running push, shows the reply once and runs the handler once', async () => {
    const openid = 'o-retry-patient';
    const record = await patient.send('oa-safe', openid, { MsgType: 'text', Content: 'slow' });
    const last = record.deliveries.at(-1)!;
    expect(record.deliveries.length).toBeGreaterThanOrEqual(2);
    expect(record.deliveries.slice(0, -1).map((d) => d.error)).toEqual(
      record.deliveries.slice(0, -1).map(() => 'timeout'),
    );
    expect(last.status).toBe(200);
    expect(record.outcome).toBe('replied');
    expect(record.shown).toMatchObject({ MsgType: 'text', Content: 'got message:text', ToUserName: openid });
    expect(slow.received(openid)).toHaveLength(1);
    const appid = patient.config.apps['oa-safe']!.appid;
    expect(patient.world.users.inbox(appid, openid).map((entry) => entry.message)).toEqual([record.shown]);
  });
});
