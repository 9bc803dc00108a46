import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/callback/index.js';
import type { SendRecord } from '../../src/emulator/index.js';
import { startE2eServer, type E2eServer } from '../helpers/callback-e2e-server.js';
import { loadPushCase, PUSH_FIXTURES, type PushFixture } from '../helpers/push-fixtures.js';
import {
  createRecordingRouter,
  KEYED_SCENE,
  REPLY_KINDS,
  type RecordingRouter,
  type ReplyKind,
} from '../helpers/recording-router.js';
import { CHANNELS, E2E_APPS, E2E_ENV, type Channel } from '../helpers/callback-e2e-apps.js';

let server: E2eServer;
let recorder: RecordingRouter;
const sends = new Map<string, SendRecord>();

const pushOpenid = (app: string, fixture: PushFixture) => `o-${app}-${fixture}`;
const replyOpenid = (app: string, kind: ReplyKind) => `o-${app}-reply-${kind}`;

beforeAll(async () => {
  recorder = createRecordingRouter();
  const callbacks = Object.fromEntries(CHANNELS.map((c) => [c.app, recorder.router]));
  server = await startE2eServer({ apps: E2E_APPS, env: E2E_ENV, callbacks });
  // Every channel's pushes and replies at once: ~175 real pushes over loopback.
  const jobs = CHANNELS.flatMap((c) => [
    ...PUSH_FIXTURES.map(async (fixture) => {
      const openid = pushOpenid(c.app, fixture);
      sends.set(openid, await server.send(c.app, openid, loadPushCase(fixture).message));
    }),
    ...REPLY_KINDS.map(async (kind) => {
      const openid = replyOpenid(c.app, kind);
      sends.set(openid, await server.send(c.app, openid, { MsgType: 'text', Content: `reply:${kind}` }));
    }),
  ]);
  await Promise.all(jobs);
}, 30_000);

afterAll(async () => {
  await server?.close();
});

function recordOf(openid: string): SendRecord {
  const record = sends.get(openid);
  if (!record) throw new Error(`no send for ${openid}`);
  return record;
}

function originalIdOf(app: string): string {
  const appid = server.config.apps[app]!.appid;
  return server.world.apps.get(appid)!.originalId!;
}

/** The handler the push must reach. */
function routeOf(fixture: PushFixture, message: Record<string, unknown>): string {
  if (fixture === 'event-subscribe-qrscene') return `event:subscribe:${KEYED_SCENE}`;
  return message['Event'] !== undefined ? `event:${String(message['Event'])}` : `message:${fixture}`;
}

/** XML replies come back with every scalar as text; JSON replies as the handler built them. */
function asShown(reply: Reply | undefined, format: Channel['format']): unknown {
  const text = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(text);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
    }
    return String(value);
  };
  return format === 'json' ? reply : text(reply);
}

// Values written here by hand, so a fixture and the parser cannot agree on a wrong shape unnoticed.
const SPOT_CHECKS: Partial<Record<PushFixture, Record<string, unknown>>> = {
  'event-subscribe-qrscene': { EventKey: KEYED_SCENE, qrScene: '123123', Ticket: 'TICKET' },
  'event-scan': { EventKey: '123123', qrScene: '123123' },
  'event-scancode_push': { 'ScanCodeInfo.ScanResult': 'http://weixin.qq.com/r/x' },
  'event-scancode_waitmsg': {
    ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'http://weixin.qq.com/r/x' },
  },
  'event-pic_photo_or_album': {
    'SendPicsInfo.Count': '2',
    'SendPicsInfo.PicList.item': [
      { PicMd5Sum: '5a75aaca956d97be686719218f275c6b' },
      { PicMd5Sum: 'a7f3f0ab5a0a3d6b2c1e1b9e0c3b1f34' },
    ],
  },
  'event-pic_weixin': { 'SendPicsInfo.PicList.item': [{ PicMd5Sum: '5a75aaca956d97be686719218f275c6b' }] },
  'event-location_select': { 'SendLocationInfo.Label': '广州市海珠区客村艺苑路 106号' },
  'event-templatesendjobfinish': { MsgID: '200163836', Status: 'success' },
  'event-subscribe_msg_popup_event': {
    'List.length': 2,
    'List.1.SubscribeStatusString': 'reject',
    'List.1.PopupScene': '2',
  },
  'event-subscribe_msg_change_event': {
    List: [{ TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', SubscribeStatusString: 'reject' }],
  },
  'event-subscribe_msg_sent_event': { 'List.0.MsgID': '1700827132819554304', 'List.0.ErrorCode': '0' },
  voice: { Format: 'amr', Recognition: '腾讯微信团队' },
  location: { Location_X: '23.134521', Location_Y: '113.358803', Label: '位置信息' },
};

/** The value at a dotted path (`List.0.MsgID`). */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

describe('callback e2e through the simulated user', () => {
  it('configures the apps from the environment and wegate.config.json', () => {
    const modes = CHANNELS.map((c) => [
      c.app,
      server.config.apps[c.app]!.msgMode,
      server.config.apps[c.app]!.pushFormat,
    ]);
    expect(modes).toEqual(CHANNELS.map((c) => [c.app, c.mode, c.format]));
  });

  it('sees every push in the mode the app is configured for (server metrics by mode)', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const replied =
      PUSH_FIXTURES.length + REPLY_KINDS.filter((k) => !['success', 'empty', 'none'].includes(k)).length;
    for (const c of CHANNELS) {
      const line = `wegate_callbacks_total{app="${c.app}",mode="${c.mode}",outcome="replied",reason=""} ${replied}`;
      expect(metrics).toContain(line);
    }
  });

  describe.each(CHANNELS)('$app ($mode, $format)', (channel) => {
    it.each(PUSH_FIXTURES)('delivers %s to its handler as the typed message', (fixture) => {
      const { message, expected } = loadPushCase(fixture);
      const openid = pushOpenid(channel.app, fixture);
      const record = recordOf(openid);
      const received = recorder.received(openid);
      expect(received).toHaveLength(1);
      const [{ route, message: typed }] = received as [(typeof received)[0]];
      expect(route).toBe(routeOf(fixture, message));
      expect(typed).not.toHaveProperty('untyped');
      expect(typed).toMatchObject({
        ...expected,
        MsgType: message['Event'] !== undefined ? 'event' : fixture,
        ToUserName: originalIdOf(channel.app),
        FromUserName: openid,
        CreateTime: record.push['CreateTime'],
      });
      if (typed.MsgType !== 'event') expect((typed as { MsgId: string }).MsgId).toBe(record.push['MsgId']);
      for (const [path, value] of Object.entries(SPOT_CHECKS[fixture] ?? {})) {
        expect([path, at(typed, path)]).toEqual([path, value]);
      }
      expect(record.deliveries.map((d) => d.status)).toEqual([200]);
      expect(record.outcome).toBe('replied');
      expect(record.shown).toMatchObject({ MsgType: 'text', Content: `got ${route}`, ToUserName: openid });
    });

    it.each(REPLY_KINDS)('shows the user the %s reply exactly as the handler sent it', (kind) => {
      const openid = replyOpenid(channel.app, kind);
      const record = recordOf(openid);
      const sent = recorder.answered(openid);
      const inbox = server.world.users.inbox(server.config.apps[channel.app]!.appid, openid);
      expect(record.deliveries.map((d) => d.status)).toEqual([200]);
      if (kind === 'success' || kind === 'empty' || kind === 'none') {
        expect(sent).toBe(kind === 'success' ? 'success' : kind === 'empty' ? '' : undefined);
        expect([record.outcome, record.shown, inbox]).toEqual(['nothing', undefined, []]);
        return;
      }
      expect(record.outcome).toBe('replied');
      expect(record.shown).toEqual(asShown(sent, channel.format));
      expect(record.shown).toMatchObject({ ToUserName: openid, FromUserName: originalIdOf(channel.app) });
      // A hand-over to customer service shows nothing by itself.
      const expectedInbox = kind === 'transfer' ? [] : [record.shown];
      expect(inbox.map((entry) => entry.message)).toEqual(expectedInbox);
    });
  });
});

describe('the simulated user after the emulator clock moved', () => {
  it('still gets through the production timestamp window: push URLs carry wall time, as WeChat stamps them', async () => {
    expect(server.config.callback.maxSkewS).toBe(300);
    server.world.clock.advance(6 * 60 * 60_000);
    const record = await server.send('oa-safe', 'o-clock-moved', { MsgType: 'text', Content: 'reply:text' });
    expect(record.deliveries.map((d) => d.status)).toEqual([200]);
    expect(record.outcome).toBe('replied');
  });
});
