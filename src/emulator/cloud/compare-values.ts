/** @module Equality and ordering of stored values (numbers, strings, booleans, dates, objects, arrays). */
import { isPlainRecord } from './field-path.js';

function equalRecords(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equalValues(a[k], b[k]))
  );
}

function equalArrays(a: unknown, b: unknown): boolean {
  return (
    Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equalValues(x, b[i]))
  );
}

export function equalValues(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) return equalArrays(a, b);
  if (isPlainRecord(a) && isPlainRecord(b)) return equalRecords(a, b);
  // A missing field equals null, as in the database.
  return a === b || (a ?? null) === (b ?? null);
}

/** Like the database: a scalar condition matches an array field when one element matches. */
export function equalsOrContains(field: unknown, value: unknown): boolean {
  if (equalValues(field, value)) return true;
  return Array.isArray(field) && field.some((item) => equalValues(item, value));
}

/** Ordering of two values of the same type; undefined when they cannot be compared (lt/gt do not match). */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (isPlainRecord(value)) return 3;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'boolean') return 5;
  return 6;
}

/** Total order for orderBy/sort: missing < numbers < strings < objects < arrays < booleans < dates. */
export function sortOrder(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  return compareValues(a, b) ?? 0;
}
