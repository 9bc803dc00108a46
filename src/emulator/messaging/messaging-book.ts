/** @module The emulator's messaging state: templates, subscribe consents, client_msg_id dedupe, bursts. */

export interface TemplateDef {
  readonly appid: string;
  readonly templateId: string;
  /** Data keys a send must fill (`first`, `keyword1`, `thing1`…). */
  readonly keys: readonly string[];
  /** The title `get_all_private_template` shows (default: the template id). */
  readonly title?: string;
}

export interface MessagingBook {
  putTemplate(def: TemplateDef): void;
  template(appid: string, templateId: string): TemplateDef | undefined;
  /** The app's templates in the order they were added. */
  templates(appid: string): TemplateDef[];
  /** Removes a template; false when the app has none by that id. */
  deleteTemplate(appid: string, templateId: string): boolean;
  /** The user's answer to a subscribe popup: accept adds one send credit, reject removes them all. */
  recordChoice(appid: string, openid: string, templateId: string, accept: boolean): void;
  /** Consume one accepted one-time subscription; false when there is none (WeChat's 43101). */
  takeSubscription(appid: string, openid: string, templateId: string): boolean;
  /** The msgid of a template send with this openid + client_msg_id in the last 10 minutes. */
  recentClientMsg(appid: string, openid: string, clientMsgId: string): number | undefined;
  rememberClientMsg(appid: string, openid: string, clientMsgId: string, msgid: number): void;
  /** Count one call of `path` this minute; false beyond the per-minute limit (WeChat's 45011). */
  admitBurst(appid: string, path: string): boolean;
  /** Calls per app, path and minute before 45011; undefined lifts the limit. */
  setPerMinuteLimit(limit: number | undefined): void;
  nextMsgid(): number;
  reset(): void;
}

/** WeChat: the same openid + client_msg_id is sent once within 10 minutes. */
export const CLIENT_MSG_ID_TTL_MS = 10 * 60_000;
const MINUTE_MS = 60_000;
const key = (...parts: string[]) => parts.join('\u0000');

export function createMessagingBook(deps: { now: () => number }): MessagingBook {
  const templates = new Map<string, TemplateDef>();
  const credits = new Map<string, number>();
  const clientMsgs = new Map<string, { msgid: number; at: number }>();
  const bursts = createBurstCounter(deps.now);
  let msgid = 1_000_000_000;

  const prune = (now: number) => {
    for (const [k, v] of clientMsgs) if (now - v.at >= CLIENT_MSG_ID_TTL_MS) clientMsgs.delete(k);
  };
  return {
    putTemplate: (def) => templates.set(key(def.appid, def.templateId), { ...def, keys: [...def.keys] }),
    template: (appid, templateId) => templates.get(key(appid, templateId)),
    templates: (appid) => [...templates.values()].filter((def) => def.appid === appid),
    deleteTemplate: (appid, templateId) => templates.delete(key(appid, templateId)),
    recordChoice: (appid, openid, templateId, accept) => {
      const k = key(appid, openid, templateId);
      if (accept) credits.set(k, (credits.get(k) ?? 0) + 1);
      else credits.delete(k);
    },
    takeSubscription: (appid, openid, templateId) => {
      const k = key(appid, openid, templateId);
      const left = credits.get(k) ?? 0;
      if (left <= 0) return false;
      if (left === 1) credits.delete(k);
      else credits.set(k, left - 1);
      return true;
    },
    recentClientMsg: (appid, openid, clientMsgId) => {
      const seen = clientMsgs.get(key(appid, openid, clientMsgId));
      return seen && deps.now() - seen.at < CLIENT_MSG_ID_TTL_MS ? seen.msgid : undefined;
    },
    rememberClientMsg: (appid, openid, clientMsgId, id) => {
      const now = deps.now();
      if (clientMsgs.size > 100_000) prune(now);
      clientMsgs.set(key(appid, openid, clientMsgId), { msgid: id, at: now });
    },
    admitBurst: bursts.admit,
    setPerMinuteLimit: bursts.setLimit,
    nextMsgid: () => ++msgid,
    reset: () => {
      templates.clear();
      credits.clear();
      clientMsgs.clear();
      bursts.setLimit(undefined);
    },
  };
}

/** Calls per app, path and clock minute (WeChat's per-minute frequency limit, 45011). */
function createBurstCounter(now: () => number) {
  const counts = new Map<string, { minute: number; count: number }>();
  let perMinute: number | undefined;
  return {
    admit(appid: string, path: string): boolean {
      if (perMinute === undefined) return true;
      const minute = Math.floor(now() / MINUTE_MS);
      const k = key(appid, path);
      const current = counts.get(k);
      const count = current && current.minute === minute ? current.count : 0;
      if (count >= perMinute) return false;
      counts.set(k, { minute, count: count + 1 });
      return true;
    },
    setLimit(limit: number | undefined): void {
      perMinute = limit;
      counts.clear();
    },
  };
}
