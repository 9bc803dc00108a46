/** @module jsapi / wx_card tickets (cgi-bin/ticket/getticket): one live ticket per app and type. */
import type { TimeSource } from './clock.js';
import { mintTicketString } from './credential-string.js';
import type { StatsBook } from './stats-book.js';
import { TOKEN_OVERLAP_MS, TOKEN_TTL_MS } from './token-book.js';

export type TicketType = 'jsapi' | 'wx_card';

export interface IssuedTicket {
  readonly ticket: string;
  readonly expires_in: number;
}

export interface TicketRecord {
  readonly ticket: string;
  readonly appid: string;
  readonly type: TicketType;
  readonly expiresAt: number;
}

export interface TicketBook {
  /** The current ticket while it has more than 5 minutes left, else a new one (the old stays valid). */
  issue(appid: string, type: TicketType): IssuedTicket;
  /** The ticket's record while it is valid (for JS-SDK signature checks). */
  resolve(ticket: string): TicketRecord | undefined;
  /** The app's tickets still valid, the current one first (an older one stays valid during the overlap). */
  live(appid: string, type: TicketType): string[];
  reset(): void;
}

export function createTicketBook(deps: { clock: TimeSource; stats: StatsBook }): TicketBook {
  const byTicket = new Map<string, TicketRecord>();
  const current = new Map<string, TicketRecord>();
  const now = () => deps.clock.now();
  const answer = (record: TicketRecord): IssuedTicket => ({
    ticket: record.ticket,
    expires_in: Math.ceil((record.expiresAt - now()) / 1000),
  });

  const mint = (appid: string, type: TicketType): TicketRecord => {
    const at = now();
    for (const [ticket, record] of byTicket) {
      if (record.appid === appid && record.expiresAt <= at) byTicket.delete(ticket);
    }
    const record: TicketRecord = { ticket: mintTicketString(), appid, type, expiresAt: at + TOKEN_TTL_MS };
    byTicket.set(record.ticket, record);
    current.set(`${appid}\n${type}`, record);
    deps.stats.ticketMinted(appid);
    return record;
  };

  return {
    issue: (appid, type) => {
      const record = current.get(`${appid}\n${type}`);
      if (record && record.expiresAt - now() > TOKEN_OVERLAP_MS) return answer(record);
      return answer(mint(appid, type));
    },
    resolve: (ticket) => {
      const record = byTicket.get(ticket);
      return record && record.expiresAt > now() ? record : undefined;
    },
    live: (appid, type) => {
      const head = current.get(`${appid}\n${type}`);
      const valid = [...byTicket.values()].filter(
        (r) => r.appid === appid && r.type === type && r.expiresAt > now(),
      );
      return valid.sort((a, b) => Number(b === head) - Number(a === head)).map((r) => r.ticket);
    },
    reset: () => {
      byTicket.clear();
      current.clear();
    },
  };
}
