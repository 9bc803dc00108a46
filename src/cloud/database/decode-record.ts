/** @module decodeRecord: a `data` entry (a JSON string, maybe Extended JSON) → a plain document. */
import { ParseError } from '../../kernel/errors/wechat-error.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberFrom(value: unknown): number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? Number(value) : undefined;
}

/** `{"$date": …}`, `{"$numberDouble": "1.0"}` and friends, as the cloud database writes them. */
function reviveExtended(value: Record<string, unknown>): unknown {
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const [key] = keys as [string];
  const inner = value[key];
  if (key === '$date') {
    const ms = isRecord(inner)
      ? numberFrom(inner['$numberLong'])
      : typeof inner === 'string'
        ? Date.parse(inner)
        : numberFrom(inner);
    return ms === undefined || Number.isNaN(ms) ? value : new Date(ms);
  }
  if (key === '$numberDouble' || key === '$numberInt' || key === '$numberLong' || key === '$numberDecimal') {
    return numberFrom(inner) ?? value;
  }
  if (key === '$oid' && typeof inner === 'string') return inner;
  return value;
}

export function decodeRecord<T>(text: string): T {
  try {
    return JSON.parse(text, (_key, value: unknown) => (isRecord(value) ? reviveExtended(value) : value)) as T;
  } catch (error) {
    throw new ParseError('a cloud database record is not JSON', { cause: error });
  }
}
