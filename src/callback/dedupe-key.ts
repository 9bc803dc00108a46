/** @module The key under which WeChat's retries of one push are recognised as the same push. */
import type { InboundMessage } from './message.types.js';

function field(message: InboundMessage, name: string): string {
  const source = 'untyped' in message ? message.record : (message as unknown as Record<string, unknown>);
  const value = source[name];
  return typeof value === 'string' ? value : '';
}

/**
 * `msg:<MsgId>` for user messages; for events (which have no MsgId) `evt:` + FromUserName, CreateTime,
 * Event and EventKey, plus MsgID for TEMPLATESENDJOBFINISH (one user can finish several template
 * jobs in the same second). Parts are joined with a character WeChat ids never contain.
 */
export function dedupeKey(message: InboundMessage): string {
  const msgId = field(message, 'MsgId');
  if (msgId !== '') return `msg:${msgId}`;
  const parts = [
    message.FromUserName,
    message.CreateTime,
    field(message, 'Event'),
    field(message, 'EventKey'),
  ];
  if (parts[2] === 'TEMPLATESENDJOBFINISH') parts.push(field(message, 'MsgID'));
  return `evt:${parts.join('|')}`;
}
