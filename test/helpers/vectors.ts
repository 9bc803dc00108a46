/** @module Loads the published protocol vectors copied under test/fixtures/vectors/. */
import { readFileSync } from 'node:fs';

/** Every vector file is an array of entries, each with its `id` and `source`. */
export interface VectorEntry {
  id: string;
  source: string;
  [field: string]: unknown;
}

/** Reads `test/fixtures/vectors/<name>.json`; fails loudly when an entry lacks its source. */
export function loadVectors<T extends VectorEntry = VectorEntry>(name: string): T[] {
  const url = new URL(`../fixtures/vectors/${name}.json`, import.meta.url);
  const entries = JSON.parse(readFileSync(url, 'utf8')) as T[];
  for (const entry of entries) {
    if (typeof entry.source !== 'string') throw new Error(`vector ${name}/${entry.id} has no source`);
  }
  return entries;
}
