/** @module The simulated Mini Program clients: login codes, phone codes, over the people book. */
import { randomBytes, randomInt } from 'node:crypto';
import { MpErrcode } from './mp-errcodes.js';
import { createPeopleBook, type MpUser, type PeopleBook } from './people-book.js';

export type { MpUser } from './people-book.js';

interface OneTimeCode {
  readonly appid: string;
  readonly openid: string;
  readonly expiresAt: number;
  used: boolean;
  readonly phone?: { phoneNumber: string; countryCode: string };
}

export type CodeResult<T> = { ok: true; value: T } | { ok: false; errcode: number };

export interface MiniProgramBook {
  /** `wx.login()`: a one-time code for `person` (a new person when omitted) and a fresh session_key. */
  login(appid: string, person?: string, options?: { blocked?: boolean }): { code: string; openid: string };
  /** `jscode2session`: 40029 unknown/expired/foreign, 40163 reused, 40226 blocked, 45011 too frequent. */
  redeemLogin(appid: string, code: string): CodeResult<MpUser>;
  /** `getPhoneNumber` button: a one-time phone code for a user of `appid`; undefined for unknown users. */
  phoneCode(appid: string, openid: string, phoneNumber?: string): string | undefined;
  /** `getuserphonenumber`: the phone behind a code; 40029 for unknown, expired, foreign or reused codes. */
  redeemPhone(appid: string, code: string): CodeResult<{ phoneNumber: string; countryCode: string }>;
  user(appid: string, openid: string): MpUser | undefined;
  /** Every person's openid per app and unionid, shared with the Official Account's web authorization. */
  readonly people: PeopleBook;
  reset(): void;
}

/** WeChat: a login code lives 5 minutes; phone codes too. */
export const CODE_TTL_MS = 5 * 60_000;
/** WeChat: jscode2session allows 100 calls per user and minute. */
export const LOGINS_PER_MINUTE = 100;
const MINUTE_MS = 60_000;
/** Beyond this many remembered codes, expired ones are forgotten (a reused code then reads as unknown). */
const MAX_CODES = 50_000;

function pruneExpired(codes: Map<string, OneTimeCode>, now: number): void {
  for (const [code, entry] of codes) if (entry.expiresAt <= now) codes.delete(code);
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const newSessionKey = () => randomBytes(16).toString('base64');

function takeCode(
  codes: Map<string, OneTimeCode>,
  appid: string,
  code: string,
  now: number,
  usedErrcode: number,
): CodeResult<OneTimeCode> {
  const entry = codes.get(code);
  if (!entry || entry.appid !== appid || entry.expiresAt <= now) {
    return { ok: false, errcode: MpErrcode.InvalidCode };
  }
  if (entry.used) return { ok: false, errcode: usedErrcode };
  entry.used = true;
  return { ok: true, value: entry };
}

function admitLogin(user: MpUser, now: number): boolean {
  user.logins = user.logins.filter((at) => at > now - MINUTE_MS);
  if (user.logins.length >= LOGINS_PER_MINUTE) return false;
  user.logins.push(now);
  return true;
}

const randomPhone = () => `138${String(randomInt(100_000_000)).padStart(8, '0')}`;

export function createMiniProgramBook(deps: { now: () => number }): MiniProgramBook {
  const people = createPeopleBook();
  const codes = new Map<string, OneTimeCode>();
  const issue = (entry: Omit<OneTimeCode, 'expiresAt' | 'used'>): string => {
    if (codes.size > MAX_CODES) pruneExpired(codes, deps.now());
    const code = token(24);
    codes.set(code, { ...entry, expiresAt: deps.now() + CODE_TTL_MS, used: false });
    return code;
  };
  return {
    login(appid, personKey, options = {}) {
      const key = personKey ?? `anon-${token(9)}`;
      if (options.blocked !== undefined) people.setBlocked(key, options.blocked);
      const user = people.userFor(appid, key);
      user.sessionKey = newSessionKey();
      return { code: issue({ appid, openid: user.openid }), openid: user.openid };
    },
    redeemLogin(appid, code) {
      const taken = takeCode(codes, appid, code, deps.now(), MpErrcode.CodeUsed);
      if (!taken.ok) return taken;
      const user = people.user(appid, taken.value.openid) as MpUser;
      if (people.isBlocked(user.person)) return { ok: false, errcode: MpErrcode.CodeBlocked };
      if (!admitLogin(user, deps.now())) return { ok: false, errcode: MpErrcode.MinuteQuota };
      return { ok: true, value: user };
    },
    phoneCode(appid, openid, phoneNumber = randomPhone()) {
      if (!people.user(appid, openid)) return undefined;
      return issue({ appid, openid, phone: { phoneNumber, countryCode: '86' } });
    },
    redeemPhone(appid, code) {
      // WeChat answers 40029 for a reused phone code too (not 40163).
      const taken = takeCode(codes, appid, code, deps.now(), MpErrcode.InvalidCode);
      if (!taken.ok) return taken;
      if (!taken.value.phone) return { ok: false, errcode: MpErrcode.InvalidCode };
      return { ok: true, value: taken.value.phone };
    },
    user: (appid, openid) => people.user(appid, openid),
    people: people,
    reset() {
      people.clear();
      codes.clear();
    },
  };
}
