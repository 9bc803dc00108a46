/** @module Per-app counters: minted tokens and tickets, calls per WeChat path and their outcomes. */

export type TokenKind = 'classic' | 'stable';

export interface CallStats {
  total: number;
  ok: number;
  /** errcode (or `http_<status>` / `drop` for injected transport faults) → count. */
  errors: Record<string, number>;
  /** Sends answered ok without a second delivery (same openid + client_msg_id); present once one was. */
  deduped?: number;
}

export interface AppStats {
  /** `stable` counts every stable token minted; `forced` is the part of it minted by force_refresh. */
  tokensIssued: { classic: number; stable: number; forced: number };
  ticketsIssued: number;
  calls: Record<string, CallStats>;
  /** Simulated-user pushes to the app's callback URL; present once the app has been pushed to. */
  pushes?: PushStats;
}

/**
 * `attempted`: pushes started; `deliveries`: HTTP POSTs made (up to 4 per push); `delivered`: pushes
 * answered HTTP 200; `failed`: pushes given up after the last attempt.
 */
export interface PushStats {
  attempted: number;
  deliveries: number;
  delivered: number;
  failed: number;
}

export type PushEvent = keyof PushStats;

export interface StatsSnapshot {
  apps: Record<string, AppStats>;
}

/** A call's outcome: 0 for success, the errcode answered, or a transport fault label. */
export type CallOutcome = number | `http_${number}` | 'drop';

export interface StatsBook {
  tokenMinted(appid: string, kind: TokenKind, forced: boolean): void;
  ticketMinted(appid: string): void;
  recordCall(appid: string, path: string, outcome: CallOutcome): void;
  recordPush(appid: string, event: PushEvent): void;
  /** A send WeChat recognised as a repeat and did not deliver again. */
  recordDedupe(appid: string, path: string): void;
  /** A deep copy, optionally of one app only. */
  snapshot(appid?: string): StatsSnapshot;
  reset(): void;
}

function emptyStats(): AppStats {
  return { tokensIssued: { classic: 0, stable: 0, forced: 0 }, ticketsIssued: 0, calls: {} };
}

export function createStatsBook(): StatsBook {
  const apps = new Map<string, AppStats>();
  const of = (appid: string): AppStats => {
    let stats = apps.get(appid);
    if (!stats) {
      stats = emptyStats();
      apps.set(appid, stats);
    }
    return stats;
  };
  return {
    tokenMinted: (appid, kind, forced) => {
      const issued = of(appid).tokensIssued;
      issued[kind] += 1;
      if (forced) issued.forced += 1;
    },
    ticketMinted: (appid) => {
      of(appid).ticketsIssued += 1;
    },
    recordCall: (appid, path, outcome) => {
      const calls = of(appid).calls;
      const call = (calls[path] ??= { total: 0, ok: 0, errors: {} });
      call.total += 1;
      if (outcome === 0) call.ok += 1;
      else call.errors[String(outcome)] = (call.errors[String(outcome)] ?? 0) + 1;
    },
    recordDedupe: (appid, path) => {
      const call = (of(appid).calls[path] ??= { total: 0, ok: 0, errors: {} });
      call.deduped = (call.deduped ?? 0) + 1;
    },
    recordPush: (appid, event) => {
      const pushes = (of(appid).pushes ??= { attempted: 0, deliveries: 0, delivered: 0, failed: 0 });
      pushes[event] += 1;
    },
    snapshot: (appid) => {
      const entries = [...apps.entries()].filter(([id]) => appid === undefined || id === appid);
      return { apps: structuredClone(Object.fromEntries(entries)) };
    },
    reset: () => apps.clear(),
  };
}
