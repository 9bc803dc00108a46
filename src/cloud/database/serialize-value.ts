/** @module serializeValue: JavaScript values → literals of the cloud query language, never spliced text. */
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';
import { isCloudCommand, type CloudCommand } from './command.js';

/** Where a value sits decides which commands it may hold. */
export type ValueContext = 'data' | 'where' | 'update' | 'group';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_DEPTH = 32;

/** A JSON string literal; U+2028/2029 are escaped too so no reader sees a line break. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function keyLiteral(key: string): string {
  if (key === '__proto__') throw new CloudQueryError('the key "__proto__" cannot be stored');
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new CloudQueryError(`${n} is not a storable number`);
  return String(n);
}

function regExpLiteral(re: RegExp): string {
  if (!/^[ims]*$/.test(re.flags))
    throw new CloudQueryError(`regular expression flags "${re.flags}" are not supported (only i, m, s)`);
  return `db.RegExp({regexp:${stringLiteral(re.source)},options:${stringLiteral(re.flags)}})`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const ALLOWED: Readonly<Record<ValueContext, readonly string[]>> = {
  data: [],
  where: ['query', 'logic'],
  update: ['update'],
  group: ['accumulator'],
};

function argContext(cmd: CloudCommand, arg: unknown): ValueContext {
  if (cmd.kind === 'logic' || cmd.name === 'elemMatch') return 'where';
  if (cmd.name === 'pull' && isCloudCommand(arg)) return 'where';
  return 'data';
}

function commandLiteral(cmd: CloudCommand, context: ValueContext, depth: number): string {
  if (!ALLOWED[context].includes(cmd.kind)) {
    throw new CloudQueryError(
      `${cmd.kind === 'accumulator' ? '$' : '_'}.${cmd.name}() cannot be used in ${context === 'data' ? 'stored data' : `${context}()`}`,
    );
  }
  const args = cmd.args.map((arg) => serializeValue(arg, argContext(cmd, arg), depth + 1));
  return `${cmd.kind === 'accumulator' ? '$' : '_'}.${cmd.name}(${args.join(',')})`;
}

function objectLiteral(value: object, context: ValueContext, depth: number): string {
  if (Array.isArray(value)) {
    const items = Array.from(value, (item: unknown, i) => {
      if (item === undefined) throw new CloudQueryError(`array item ${i} is undefined`);
      return serializeValue(item, context, depth + 1);
    });
    return `[${items.join(',')}]`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CloudQueryError('invalid Date');
    return `new Date(${value.getTime()})`;
  }
  if (value instanceof RegExp) return regExpLiteral(value);
  if (isCloudCommand(value)) return commandLiteral(value, context, depth);
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) {
    throw new CloudQueryError(`${value.constructor?.name ?? 'this object'} is not plain data`);
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${keyLiteral(k)}:${serializeValue(v, context, depth + 1)}`).join(',')}}`;
}

/** The literal for `value`; throws CloudQueryError for functions, symbols, NaN, class instances and misplaced commands. */
export function serializeValue(value: unknown, context: ValueContext, depth = 0): string {
  if (depth > MAX_DEPTH) throw new CloudQueryError('value nested too deeply (or circular)');
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      return numberLiteral(value);
    case 'boolean':
      return String(value);
    case 'object':
      return value === null ? 'null' : objectLiteral(value, context, depth);
    default:
      throw new CloudQueryError(`a ${typeof value} cannot be stored or queried`);
  }
}
