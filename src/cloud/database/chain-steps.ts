/** @module Chain steps shared by the builders: call literals and argument checks. */
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';
import { isCloudCommand } from './command.js';
import { serializeValue, stringLiteral, type ValueContext } from './serialize-value.js';

/** The most documents one server query returns. */
export const MAX_LIMIT = 1000;

export function callLiteral(method: string, ...args: string[]): string {
  return `${method}(${args.join(',')})`;
}

export function collectionLiteral(name: string): string {
  if (typeof name !== 'string' || name === '')
    throw new CloudQueryError('a collection name is a non-empty string');
  return `db.collection(${stringLiteral(name)})`;
}

export function integerArg(method: string, n: number, min: number, max = Number.MAX_SAFE_INTEGER): string {
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CloudQueryError(`${method}() needs an integer from ${min} to ${max}`);
  return String(n);
}

/** where(): a plain object of conditions, or a top-level `_.and` / `_.or`. */
export function whereArg(filter: unknown): string {
  const logic = isCloudCommand(filter) && filter.kind === 'logic';
  if (
    !logic &&
    (typeof filter !== 'object' || filter === null || Array.isArray(filter) || isCloudCommand(filter))
  ) {
    throw new CloudQueryError('where() takes an object of conditions or _.and / _.or');
  }
  return serializeValue(filter, 'where');
}

/** `{data: …}` for add/update/set. */
export function dataArg(data: unknown, context: ValueContext): string {
  return `{data:${serializeValue(data, context)}}`;
}

export function orderArg(field: string, direction: 'asc' | 'desc'): string {
  if (typeof field !== 'string' || field === '' || (direction !== 'asc' && direction !== 'desc')) {
    throw new CloudQueryError('orderBy() needs a field name and "asc" or "desc"');
  }
  return `${stringLiteral(field)},${stringLiteral(direction)}`;
}

export function projectionArg(projection: Readonly<Record<string, unknown>>): string {
  const values = Object.values(projection);
  if (values.length === 0 || !values.every((v) => typeof v === 'boolean'))
    throw new CloudQueryError('field() takes {name: true|false}');
  return serializeValue(projection, 'data');
}

export function plainObjectData(data: unknown, method: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new CloudQueryError(`${method}() takes an object`);
  if ('_id' in data && method !== 'add') throw new CloudQueryError(`${method}() cannot change _id`);
}
