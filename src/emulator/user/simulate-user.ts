/** @module The simulated user: sends a message or event to an app's callback URL and records what it saw. */
import { randomUUID } from 'node:crypto';
import type { EmulatorApp } from '../world/app-book.js';
import type { World } from '../world/world.js';
import { buildPush, type PushMessageInput } from './build-push.js';
import { buildPushRequest, encodePushBody, openPushChannel, type PushChannel } from './build-push-request.js';
import { callbackUrlOf } from './callback-url.js';
import { deliverPush } from './deliver-push.js';
import { readReply, WECHAT_SERVICE_ERROR } from './read-reply.js';
import type { SubscribeOrigin } from '../followers/follower-state.types.js';
import type { SendRecord, WireRecord } from './send-record.types.js';

export interface SendAsUserInput {
  readonly app: EmulatorApp;
  readonly openid: string;
  readonly message: PushMessageInput;
}

export interface StartedSend {
  /** The live record (filled in as deliveries happen). */
  readonly record: SendRecord;
  /** Resolves with a copy of the finished record. */
  readonly done: Promise<SendRecord>;
}

// The pushes that open WeChat's 48-hour customer-service window besides user messages and subscribe:
// QR scans and the three menu kinds that push an event (click, scancode_push, scancode_waitmsg).
const INTERACTION_EVENTS = new Set(['SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg']);

const QR_PREFIX = 'qrscene_';

/** A subscribe through a QR code carries `qrscene_<scene>`; the ticket tells an integer scene from a string one. */
function subscribeOrigin(world: World, push: WireRecord): SubscribeOrigin {
  const key = push['EventKey'];
  if (typeof key !== 'string' || !key.startsWith(QR_PREFIX)) return {};
  const scene = key.slice(QR_PREFIX.length);
  const ticket = typeof push['Ticket'] === 'string' ? world.qrcodes.find(push['Ticket']) : undefined;
  const isString = ticket ? ticket.sceneStr !== undefined : !/^\d+$/.test(scene);
  return isString
    ? { subscribeScene: 'ADD_SCENE_QR_CODE', qrSceneStr: scene }
    : { subscribeScene: 'ADD_SCENE_QR_CODE', qrScene: Number(scene) };
}

function applyFollowerEffects(world: World, appid: string, openid: string, push: WireRecord): void {
  const event = push['Event'];
  if (event === 'subscribe') world.users.follow(appid, openid, subscribeOrigin(world, push));
  else if (event === 'unsubscribe') world.users.unfollow(appid, openid);
  else if (event === undefined || INTERACTION_EVENTS.has(String(event))) world.users.interact(appid, openid);
}

function settle(world: World, record: SendRecord, channel: PushChannel, body: string | undefined): void {
  const { appid, openid } = record;
  if (body === undefined) {
    world.stats.recordPush(appid, 'failed');
    Object.assign(record, {
      outcome: 'undelivered',
      error: `no HTTP 200 after ${record.deliveries.length} deliveries; the user saw nothing`,
    });
    return;
  }
  world.stats.recordPush(appid, 'delivered');
  const reading = readReply(body, channel, { openid, originalId: channel.app.originalId ?? '' });
  record.outcome = reading.outcome;
  if (reading.outcome === 'replied') {
    record.shown = reading.shown;
    // A hand-over to customer service shows nothing by itself; the agent's messages come later.
    if (reading.shown['MsgType'] !== 'transfer_customer_service')
      world.users.deliver(appid, openid, reading.shown, 'passive');
  } else if (reading.outcome === 'error') {
    record.error = reading.reason;
    record.shown = { MsgType: 'text', Content: WECHAT_SERVICE_ERROR };
    world.users.deliver(appid, openid, record.shown, 'error');
  }
}

async function run(world: World, record: SendRecord, channel: PushChannel): Promise<SendRecord> {
  try {
    const encoded = encodePushBody(channel, record.push);
    // The URL's timestamp is wall time, as WeChat's servers stamp it; the movable clock moves business
    // times (CreateTime), never what a server checks against its own timestamp window.
    const result = await deliverPush(() => buildPushRequest(channel, encoded, record.openid, Date.now()), {
      timeoutMs: world.push.timeoutMs,
      onDelivery: (delivery) => {
        record.deliveries.push(delivery);
        world.stats.recordPush(record.appid, 'deliveries');
      },
    });
    settle(world, record, channel, result.answer?.body);
  } catch (error) {
    // A background send (wait: false) has nobody to throw to; the record carries the failure.
    Object.assign(record, { outcome: 'undelivered', error: `emulator failure: ${(error as Error).message}` });
  }
  record.state = 'done';
  return structuredClone(record);
}

/**
 * Builds the push (throws PushInputError / PushSetupError before anything is sent), applies its
 * effect on the follower state, records it and starts delivering it.
 */
export function sendAsUser(world: World, input: SendAsUserInput): StartedSend {
  const { app, openid } = input;
  const channel = openPushChannel(app, callbackUrlOf(app, world.push.serverUrl()));
  const push = buildPush(
    { originalId: app.originalId ?? '', openid, message: input.message },
    { now: world.now(), msgId: () => world.users.nextMsgId() },
  );
  const record: SendRecord = {
    id: randomUUID(),
    appid: app.appid,
    openid,
    at: world.now(),
    push,
    deliveries: [],
    state: 'pending',
  };
  world.users.addSend(record);
  applyFollowerEffects(world, app.appid, openid, push);
  world.stats.recordPush(app.appid, 'attempted');
  return { record, done: run(world, record, channel) };
}
