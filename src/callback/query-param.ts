/** @module Reads one query parameter, treating a repeated parameter as absent. */
import type { CallbackQuery } from './callback-record.types.js';

/** The parameter's value; undefined when missing or repeated (a repeat is never WeChat's doing). */
export function queryParam(query: CallbackQuery, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}
