/** @module Times as WeChat Pay writes them: RFC 3339 in Beijing time (`2018-06-08T10:34:56+08:00`). */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function payTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
