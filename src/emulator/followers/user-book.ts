/** @module The simulated users of each app: follower state, interaction times, inboxes and push records. */
import { randomInt } from 'node:crypto';
import type { InboxEntry, SendRecord, WireRecord } from '../user/send-record.types.js';
import type { FollowerState, SubscribeOrigin } from './follower-state.types.js';

export interface UserBook {
  /** Appends what `openid` was shown by `appid` to its inbox (passive replies, later customer-service, template…). */
  deliver(appid: string, openid: string, message: WireRecord, via: string): InboxEntry;
  inbox(appid: string, openid: string): InboxEntry[];
  /** Subscribes the user; `origin` replaces the previous subscribe scene (default `ADD_SCENE_SEARCH`). */
  follow(appid: string, openid: string, origin?: SubscribeOrigin): FollowerState;
  unfollow(appid: string, openid: string): FollowerState;
  /** Records an interaction (opens the 48-hour customer-service window). */
  interact(appid: string, openid: string): FollowerState;
  user(appid: string, openid: string): FollowerState | undefined;
  list(appid?: string): FollowerState[];
  /** The app's current followers in follow order (`cgi-bin/user/get`). */
  followers(appid: string): FollowerState[];
  /** Sets operator-side facts about a known user (remark, typing); undefined when unknown. */
  annotate(appid: string, openid: string, patch: UserAnnotation): FollowerState | undefined;
  addSend(record: SendRecord): void;
  send(id: string): SendRecord | undefined;
  /** A fresh MsgId: unique 64-bit decimal, increasing within the second like WeChat's. */
  nextMsgId(): string;
  /** Forget users, inboxes and push records. */
  reset(): void;
}

export type UserAnnotation = Partial<Pick<FollowerState, 'remark' | 'typing'>>;

/** Push records kept for `GET /__emulator/sends/:id`; the oldest are forgotten beyond this. */
export const MAX_SEND_RECORDS = 10_000;

const keyOf = (appid: string, openid: string) => `${appid}\u0000${openid}`;

type Followers = Pick<
  UserBook,
  'follow' | 'unfollow' | 'interact' | 'user' | 'list' | 'followers' | 'annotate'
> & { clear(): void };

function createFollowers(now: () => number): Followers {
  const users = new Map<string, FollowerState>();
  let followSeq = 0;
  const stateOf = (appid: string, openid: string): FollowerState => {
    const key = keyOf(appid, openid);
    let state = users.get(key);
    if (!state) {
      state = { appid, openid, following: false };
      users.set(key, state);
    }
    return state;
  };
  const update = (appid: string, openid: string, change: (at: number) => Partial<FollowerState>) => {
    const state = Object.assign(stateOf(appid, openid), change(now()));
    return { ...state };
  };
  return {
    follow: (appid, openid, origin = {}) =>
      update(appid, openid, (at) => ({
        following: true,
        subscribedAt: at,
        lastInteractionAt: at,
        subscribeScene: origin.subscribeScene ?? 'ADD_SCENE_SEARCH',
        qrScene: origin.qrScene,
        qrSceneStr: origin.qrSceneStr,
        followSeq: ++followSeq,
      })),
    unfollow: (appid, openid) => update(appid, openid, (at) => ({ following: false, unsubscribedAt: at })),
    interact: (appid, openid) => update(appid, openid, (at) => ({ lastInteractionAt: at })),
    user: (appid, openid) => {
      const state = users.get(keyOf(appid, openid));
      return state && { ...state };
    },
    list: (appid) =>
      [...users.values()]
        .filter((state) => appid === undefined || state.appid === appid)
        .map((s) => ({ ...s })),
    followers: (appid) =>
      [...users.values()]
        .filter((state) => state.appid === appid && state.following)
        .sort((a, b) => (a.followSeq ?? 0) - (b.followSeq ?? 0))
        .map((s) => ({ ...s })),
    annotate: (appid, openid, patch) =>
      users.has(keyOf(appid, openid)) ? update(appid, openid, () => patch) : undefined,
    clear: () => users.clear(),
  };
}

export function createUserBook(deps: { now: () => number }): UserBook {
  const followers = createFollowers(deps.now);
  const inboxes = new Map<string, InboxEntry[]>();
  const sends = new Map<string, SendRecord>();
  let seq = 0;
  // Seconds in the high bits and a counter in the low 31: unique, and below 2^63 for any real date.
  let msgCounter = randomInt(0, 1 << 20);

  return {
    deliver: (appid, openid, message, via) => {
      const key = keyOf(appid, openid);
      const entry: InboxEntry = { seq: ++seq, at: deps.now(), via, message: structuredClone(message) };
      inboxes.set(key, [...(inboxes.get(key) ?? []), entry]);
      return entry;
    },
    inbox: (appid, openid) => structuredClone(inboxes.get(keyOf(appid, openid)) ?? []),
    follow: followers.follow,
    unfollow: followers.unfollow,
    interact: followers.interact,
    user: followers.user,
    list: followers.list,
    followers: followers.followers,
    annotate: followers.annotate,
    addSend: (record) => {
      sends.set(record.id, record);
      if (sends.size > MAX_SEND_RECORDS) sends.delete(sends.keys().next().value as string);
    },
    send: (id) => {
      const record = sends.get(id);
      return record && structuredClone(record);
    },
    nextMsgId: () => {
      msgCounter = (msgCounter + 1) % 2 ** 31;
      const seconds = BigInt(Math.floor(deps.now() / 1000));
      return ((seconds << 31n) | BigInt(msgCounter)).toString();
    },
    reset: () => {
      followers.clear();
      inboxes.clear();
      sends.clear();
    },
  };
}
