/**
 * The messages and faults of the outbox fault scenario, and what its outcome must add up to. Message i is
 * deliverable unless built to fail for good: template sends to users who unfollowed (43004) or to a
 * template that does not exist (40037); customer-service sends to an unknown openid (40003) or with an
 * unknown msgtype (40008).
 */
import type { OutboxMessage } from '../../src/outbox/index.js';
import type { Json } from './outbox-server.js';

export type FaultKind = 'template' | 'custom';

export const TEMPLATE_PATH = '/cgi-bin/message/template/send';
export const CUSTOM_PATH = '/cgi-bin/message/custom/send';
export const pathOf = (kind: FaultKind) => (kind === 'template' ? TEMPLATE_PATH : CUSTOM_PATH);

/** Users who followed and then unfollowed: template sends to them answer 43004. */
export const GONE_USERS = 20;
/** 30% of calls fail: four faults (errcode -1 and HTTP 5xx, before and after delivering) of this chance each. */
export const FAULT_PROBABILITY = 1 - 0.7 ** 0.25;

export const follower = (i: number, followers: number) => `oFan${i % followers}`;

/** The errcode message i is built to die with, or undefined when it is deliverable. */
export function doomedErrcode(kind: FaultKind, i: number): number | undefined {
  if (i % 20 === 7) return kind === 'template' ? 43004 : 40003;
  if (i % 20 === 13) return kind === 'template' ? 40037 : 40008;
  return undefined;
}

/** The POST /api/messages body of message i. */
export function messageBody(kind: FaultKind, i: number, followers: number): Json {
  const doomed = doomedErrcode(kind, i);
  const base = { app: 'oa', kind, idempotencyKey: `fault-${i}` };
  if (kind === 'template') {
    const touser = doomed === 43004 ? `oGone${i % GONE_USERS}` : follower(i, followers);
    const template_id = doomed === 40037 ? 'MISSING' : 'T';
    return { ...base, touser, payload: { template_id, data: { n: { value: String(i) } } } };
  }
  const touser = doomed === 40003 ? `oNobody${i}` : follower(i, followers);
  const msgtype = doomed === 40008 ? 'bogus' : 'text';
  return { ...base, touser, payload: { msgtype, text: { content: `m${i}` } } };
}

/** The faults of the run: probabilistic -1 and 5xx on both sides of the delivery, then a 45011 burst. */
export function faultSpecs(kind: FaultKind, messages: number): Json[] {
  const path = pathOf(kind);
  const p = FAULT_PROBABILITY;
  return [
    { path, kind: 'errcode', errcode: -1, probability: p, phase: 'before' },
    { path, kind: 'http', status: 503, probability: p, phase: 'before' },
    { path, kind: 'errcode', errcode: -1, probability: p, phase: 'after' },
    { path, kind: 'http', status: 502, probability: p, phase: 'after' },
    { path, kind: 'errcode', errcode: 45011, count: Math.max(10, Math.round(messages / 20)) },
  ];
}

/** How an inbox entry and an outbox row name their message: client_msg_id, else the text it carries. */
export const entryKey = (kind: FaultKind, entry: Json): string =>
  kind === 'template' ? String(entry['message'].client_msg_id) : String(entry['message'].text?.content);
export const rowKey = (row: OutboxMessage): string =>
  row.kind === 'template'
    ? String(row.clientMsgId)
    : String((row.payload as { text?: { content?: string } }).text?.content);

export interface FaultReport {
  readonly queue: string;
  readonly kind: FaultKind;
  readonly messages: number;
  readonly deliverable: number;
  readonly sent: number;
  /** Deliverable messages found in their user's inbox exactly once. */
  readonly exactlyOnce: number;
  /** Deliverable messages in no inbox. */
  readonly missing: number;
  /** Inbox entries beyond the first of each message. */
  readonly duplicates: number;
  /** The outbox's own count of calls that may have delivered (Σ uncertainAttempts). */
  readonly uncertain: number;
  /** Messages the outbox holds (or reports) with more duplicates than uncertain attempts. */
  readonly underReported: number;
  /** Final status → count for the doomed messages, as `dead <errcode>`; anything else counts as unfinished. */
  readonly dead: Readonly<Record<string, number>>;
  readonly unfinished: number;
  /** Messages the killed worker had delivered but not yet recorded as sent. */
  readonly crashWindow: number;
  /** Re-sends the emulator swallowed by client_msg_id (its stats' `deduped`). */
  readonly deduped: number;
  /** POST /api/messages of every message, before the worker starts. */
  readonly enqueueMs: number;
  /** From the worker's start until no message is left queued, sending or failed (the kill included). */
  readonly drainMs: number;
}

/** Counts inbox entries per message key. */
export function countDeliveries(kind: FaultKind, inboxes: readonly Json[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of inboxes.flat()) {
    if (entry['via'] !== kind) continue;
    const key = entryKey(kind, entry);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface ReportInput {
  readonly queue: string;
  readonly kind: FaultKind;
  readonly rows: readonly OutboxMessage[];
  readonly deliveries: ReadonlyMap<string, number>;
  readonly crashWindow: number;
  readonly deduped: number;
  readonly enqueueMs: number;
  readonly drainMs: number;
}

export function summarize(input: ReportInput): FaultReport {
  const { rows, deliveries } = input;
  const dead: Record<string, number> = {};
  let deliverable = 0;
  let exactlyOnce = 0;
  let missing = 0;
  let duplicates = 0;
  let underReported = 0;
  for (const row of rows) {
    const n = deliveries.get(rowKey(row)) ?? 0;
    duplicates += Math.max(0, n - 1);
    if (n - 1 > row.uncertainAttempts) underReported += 1;
    if (row.status === 'dead') dead[`dead ${row.lastErrcode}`] = (dead[`dead ${row.lastErrcode}`] ?? 0) + 1;
    if (doomedErrcode(input.kind, Number(row.idempotencyKey.slice('fault-'.length))) !== undefined) continue;
    deliverable += 1;
    if (n === 1) exactlyOnce += 1;
    if (n === 0) missing += 1;
  }
  return {
    queue: input.queue,
    kind: input.kind,
    messages: rows.length,
    deliverable,
    sent: rows.filter((r) => r.status === 'sent').length,
    exactlyOnce,
    missing,
    duplicates,
    uncertain: rows.reduce((sum, r) => sum + r.uncertainAttempts, 0),
    underReported,
    dead,
    unfinished: rows.filter((r) => r.status !== 'sent' && r.status !== 'dead').length,
    crashWindow: input.crashWindow,
    deduped: input.deduped,
    enqueueMs: input.enqueueMs,
    drainMs: input.drainMs,
  };
}
