/** @module Request ids: honour a sane incoming `x-request-id`, else mint one; echo it on every reply. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The value of header `name` (lower case) from the parser's raw list, without building `req.headers`
 * (the node:http lanes never need the rest). undefined when absent; `repeated` when it came more than
 * once (`req.headers` would join such values with ", ", or keep the first for Content-Length).
 */
export function rawHeader(
  req: IncomingMessage,
  name: string,
): { value: string; repeated: boolean } | undefined {
  const raw = req.rawHeaders;
  let found: { value: string; repeated: boolean } | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    if (found) found.repeated = true;
    else found = { value: raw[i + 1] as string, repeated: false };
  }
  return found;
}

export function genRequestId(req: IncomingMessage): string {
  const incoming = rawHeader(req, 'x-request-id');
  // A repeated header reads as "a, b" in req.headers, which is not a sane id either.
  return incoming && !incoming.repeated && SANE_ID.test(incoming.value) ? incoming.value : randomUUID();
}
