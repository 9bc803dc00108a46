/** @module The emulated parametric QR codes (带参数二维码): tickets, their scenes and expiry. */
import { randomBytes } from 'node:crypto';

export type QrAction = 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';

export interface QrTicket {
  readonly appid: string;
  readonly ticket: string;
  readonly action: QrAction;
  readonly sceneId?: number;
  readonly sceneStr?: string;
  /** What the QR code decodes to (`http://weixin.qq.com/q/…`). */
  readonly url: string;
  readonly createdAt: number;
  /** Epoch ms; absent for permanent codes. */
  readonly expiresAt?: number;
}

export interface IssueQrInput {
  readonly appid: string;
  readonly action: QrAction;
  readonly sceneId?: number;
  readonly sceneStr?: string;
  /** Temporary codes only. */
  readonly expireSeconds?: number;
}

export interface QrCodeBook {
  issue(input: IssueQrInput): QrTicket;
  find(ticket: string): QrTicket | undefined;
  /** True when the ticket is temporary and its time is up. */
  expired(ticket: QrTicket): boolean;
  list(appid?: string): QrTicket[];
  reset(): void;
}

/** The scene as pushed: `EventKey` of SCAN, and after `qrscene_` on subscribe. */
export function sceneOf(ticket: QrTicket): string {
  return ticket.sceneStr ?? String(ticket.sceneId);
}

const MAX_TICKETS = 100_000;

export function createQrCodeBook(deps: { now: () => number }): QrCodeBook {
  const tickets = new Map<string, QrTicket>();
  const expired = (ticket: QrTicket) => ticket.expiresAt !== undefined && deps.now() >= ticket.expiresAt;
  const prune = () => {
    for (const [key, ticket] of tickets) if (expired(ticket)) tickets.delete(key);
    while (tickets.size >= MAX_TICKETS) tickets.delete(tickets.keys().next().value as string);
  };
  return {
    issue: (input) => {
      if (tickets.size >= MAX_TICKETS) prune();
      const now = deps.now();
      const url = `http://weixin.qq.com/q/${randomBytes(16).toString('base64url')}`;
      // WeChat's tickets are standard base64 (with + / =) wrapping the code's URL: callers must URL-encode them.
      const ticket = Buffer.concat([randomBytes(10), Buffer.from(url), randomBytes(8)]).toString('base64');
      const issued: QrTicket = {
        appid: input.appid,
        ticket,
        action: input.action,
        ...(input.sceneId !== undefined ? { sceneId: input.sceneId } : {}),
        ...(input.sceneStr !== undefined ? { sceneStr: input.sceneStr } : {}),
        url,
        createdAt: now,
        ...(input.expireSeconds !== undefined ? { expiresAt: now + input.expireSeconds * 1000 } : {}),
      };
      tickets.set(ticket, issued);
      return issued;
    },
    find: (ticket) => tickets.get(ticket),
    expired,
    list: (appid) => [...tickets.values()].filter((t) => appid === undefined || t.appid === appid),
    reset: () => tickets.clear(),
  };
}
