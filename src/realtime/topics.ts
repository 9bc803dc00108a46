/** @module Topic names, and which topics a user may subscribe to beyond their own (`user:<id>`). */

const TOPIC = /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$/;
const TYPE = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$/;

/** Letters, digits and `:._@-`, starting with a letter or digit, up to 128 characters. */
export function isTopic(topic: string): boolean {
  return TOPIC.test(topic);
}

export function checkTopic(topic: string): void {
  if (!isTopic(topic)) throw new TypeError(`realtime topic "${topic}" is not letters, digits and :._@-`);
}

export function checkEventType(type: string): void {
  if (!TYPE.test(type)) throw new TypeError(`realtime event type "${type}" is not letters, digits and :._-`);
}

/** The topic every signed-in user receives: their own. */
export function userTopic(userId: string): string {
  return `user:${userId}`;
}

/** Who is asking: the signed-in user's id and whatever else the server knows of them. */
export interface Subscriber {
  readonly id: string;
}

/** Decides whether `user` may receive `topic`; any authoriser saying yes is enough. */
export type TopicAuthorizer<U extends Subscriber = Subscriber> = (
  user: U,
  topic: string,
) => boolean | Promise<boolean>;

export interface TopicAccess<U extends Subscriber = Subscriber> {
  /**
   * Adds an authoriser (a plugin's rule for its own topics, e.g. `shop.announcements`). `user:<id>` is
   * its user's alone: no authoriser can grant another user's topic.
   */
  authorize(fn: TopicAuthorizer<U>): void;
  /** `user:<id>` for that user, or any other topic an authoriser grants. */
  allows(user: U, topic: string): Promise<boolean>;
}

export function createTopicAccess<U extends Subscriber = Subscriber>(): TopicAccess<U> {
  const authorizers: TopicAuthorizer<U>[] = [];
  return {
    authorize: (fn) => void authorizers.push(fn),
    async allows(user, topic) {
      if (!isTopic(topic)) return false;
      if (topic === userTopic(user.id)) return true;
      // Another user's topic is theirs alone, whatever an authoriser says.
      if (topic.startsWith('user:')) return false;
      for (const fn of authorizers) if (await fn(user, topic)) return true;
      return false;
    },
  };
}
