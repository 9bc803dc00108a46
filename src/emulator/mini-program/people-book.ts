/** @module The people of the developer account: one unionid per person, one openid per person and app. */
import { randomBytes } from 'node:crypto';

/** One person of the developer account: a unionid shared by every app of the world. */
interface Person {
  readonly key: string;
  readonly unionid: string;
  blocked: boolean;
}

/** A person as seen by one app (Mini Program or Official Account). */
export interface MpUser {
  readonly appid: string;
  readonly openid: string;
  readonly unionid: string;
  readonly person: string;
  /** base64 of 16 bytes; replaced on every Mini Program login, as the WeChat client does. */
  sessionKey: string;
  /** Login times of the last minute (45011 beyond the limit). */
  logins: number[];
}

export interface PeopleBook {
  /** The person's user in `appid`, with a fresh openid the first time. */
  userFor(appid: string, personKey: string): MpUser;
  user(appid: string, openid: string): MpUser | undefined;
  /**
   * The user behind an openid the tester chose (a simulated follower, say): known openids keep their
   * person; an unknown one becomes a new person, so it gets a unionid like everyone else.
   */
  adopt(appid: string, openid: string): MpUser;
  /**
   * Makes a tester-chosen openid the person's user in `appid` (a simulated follower of a known person);
   * an openid the app already knows keeps its person.
   */
  attach(appid: string, openid: string, personKey: string): MpUser;
  isBlocked(personKey: string): boolean;
  setBlocked(personKey: string, blocked: boolean): void;
  clear(): void;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const newOpenid = () => `o${token(20).slice(0, 27)}`;
const newUnionid = () => `oU${token(20).slice(0, 26)}`;

export function createPeopleBook(): PeopleBook {
  const people = new Map<string, Person>();
  const users = new Map<string, MpUser>();
  const byPerson = new Map<string, MpUser>();
  const personOf = (key: string): Person => {
    let person = people.get(key);
    if (!person) people.set(key, (person = { key, unionid: newUnionid(), blocked: false }));
    return person;
  };
  const create = (appid: string, person: Person, openid: string): MpUser => {
    const user = { appid, openid, unionid: person.unionid, person: person.key, sessionKey: '', logins: [] };
    byPerson.set(`${appid}\u0000${person.key}`, user);
    users.set(`${appid}\u0000${openid}`, user);
    return user;
  };
  const user = (appid: string, openid: string) => users.get(`${appid}\u0000${openid}`);
  return {
    userFor(appid, personKey) {
      const person = personOf(personKey);
      return byPerson.get(`${appid}\u0000${person.key}`) ?? create(appid, person, newOpenid());
    },
    user,
    adopt: (appid, openid) =>
      user(appid, openid) ?? create(appid, personOf(`openid:${appid}:${openid}`), openid),
    attach: (appid, openid, personKey) => user(appid, openid) ?? create(appid, personOf(personKey), openid),
    isBlocked: (personKey) => people.get(personKey)?.blocked === true,
    setBlocked: (personKey, blocked) => {
      personOf(personKey).blocked = blocked;
    },
    clear() {
      people.clear();
      users.clear();
      byPerson.clear();
    },
  };
}
