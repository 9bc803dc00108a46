/** @module Re-sends a push the simulated user already delivered, byte for byte as WeChat's retry would carry it. */
import type { SendRecord, World } from '../../src/emulator/index.js';
import { readReply, type ReplyReading } from '../../src/emulator/index.js';
import {
  buildPushRequest,
  encodePushBody,
  openPushChannel,
  type PushChannel,
  type PushRequest,
} from '../../src/emulator/user/build-push-request.js';
import { callbackUrlOf } from '../../src/emulator/user/callback-url.js';

export interface CapturedPush {
  /** The signed request: the recorded push (same MsgId / event key) with a fresh timestamp and nonce. */
  readonly request: PushRequest;
  /** POSTs the request as it is and reads the answer the way WeChat does. */
  post(): Promise<{ status: number; body: string; reading: ReplyReading }>;
}

/** The request that re-delivers `record` to the app's callback URL. */
export function capturePush(world: World, record: SendRecord): CapturedPush {
  const app = world.apps.get(record.appid);
  if (!app) throw new Error(`no emulator app ${record.appid}`);
  const channel: PushChannel = openPushChannel(app, callbackUrlOf(app, world.push.serverUrl()));
  const request = buildPushRequest(channel, encodePushBody(channel, record.push), record.openid, world.now());
  const parties = { openid: record.openid, originalId: app.originalId ?? '' };
  return {
    request,
    post: async () => {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': request.contentType },
        body: request.body,
      });
      const body = await res.text();
      return { status: res.status, body, reading: readReply(body, channel, parties) };
    },
  };
}
