/** @module Offsets: the ids of a topic's events (`<ms>-<seq>`, as Redis Streams number entries), compared in order. */

/** The offset before every event: resuming from it replays the whole retained history. */
export const START_OFFSET = '0-0';

const OFFSET = /^(\d{1,15})-(\d{1,15})$/;

/** Whether `text` is an offset (`<ms>-<seq>`). */
export function isOffset(text: string): boolean {
  return OFFSET.test(text);
}

/** The two numbers of a valid offset. */
function partsOf(offset: string): [number, number] {
  const dash = offset.indexOf('-');
  return [Number(offset.slice(0, dash)), Number(offset.slice(dash + 1))];
}

/** Negative when `a` comes before `b`, positive after, 0 for the same event. Both must be valid offsets. */
export function compareOffsets(a: string, b: string): number {
  if (a === b) return 0;
  const [aMs, aSeq] = partsOf(a);
  const [bMs, bSeq] = partsOf(b);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}

/** When the event was appended (milliseconds since the epoch, by the log's clock). */
export function offsetTime(offset: string): number {
  return partsOf(offset)[0];
}

/** The offset after `last` for an event appended at `nowMs`: later in time, or the next number in the same ms. */
export function nextOffset(last: string, nowMs: number): string {
  const [ms, seq] = partsOf(last);
  return nowMs > ms ? `${nowMs}-0` : `${ms}-${seq + 1}`;
}
