/** @module Dotted field paths over stored documents (`a.b.0`), with literal keys taking precedence. */
import { badQuery } from './tcb-rejection.js';

export type Doc = Record<string, unknown>;

export function isPlainRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function segments(path: string): string[] {
  const parts = path.split('.');
  if (parts.some((p) => p === '' || p === '__proto__'))
    throw badQuery(`invalid field path ${JSON.stringify(path)}`);
  return parts;
}

/** The value at `path`; a key stored with a dot in its name is found before the nested reading. */
export function getPath(doc: unknown, path: string): unknown {
  if (isPlainRecord(doc) && Object.hasOwn(doc, path)) return doc[path];
  let current: unknown = doc;
  for (const part of segments(path)) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (isPlainRecord(current) && Object.hasOwn(current, part)) current = current[part];
    else return undefined;
  }
  return current;
}

function parentOf(doc: Doc, parts: string[], create: boolean): Doc | unknown[] | undefined {
  let current: Doc | unknown[] = doc;
  for (const part of parts.slice(0, -1)) {
    const next: unknown = Array.isArray(current) ? current[Number(part)] : current[part];
    if (isPlainRecord(next) || Array.isArray(next)) current = next;
    else if (!create) return undefined;
    else if (Array.isArray(current)) throw badQuery(`cannot create a field inside an array at ${part}`);
    else current = current[part] = {};
  }
  return current;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  if (Object.hasOwn(doc, path)) {
    doc[path] = value;
    return;
  }
  const parts = segments(path);
  const parent = parentOf(doc, parts, true);
  const last = parts[parts.length - 1] as string;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (parent) parent[last] = value;
}

export function unsetPath(doc: Doc, path: string): void {
  if (Object.hasOwn(doc, path)) {
    delete doc[path];
    return;
  }
  const parts = segments(path);
  const parent = parentOf(doc, parts, false);
  if (isPlainRecord(parent)) delete parent[parts[parts.length - 1] as string];
}
