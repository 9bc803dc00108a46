import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One word for a holder of emulator state: `XBook` in `x-book.ts`; only `World` (world/world.ts) holds the books.
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const OTHER_WORDS =
  /^export (?:interface|type|class) ([A-Za-z]+(?:Store|World|Registry|Ledger|Directory|Keyring))\b/gm;
const BOOK = /^export (?:interface|type|class) ([A-Za-z]+Book)\b/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `QrCodeBook` ↔ `qrcode-book.ts`: the file's words, dashes dropped, spell the name. */
const spells = (path: string, name: string) =>
  (path.split('/').pop() ?? '').replace(/\.ts$/, '').replaceAll('-', '') === name.toLowerCase();

describe('emulator state holders', () => {
  const files = sources(ROOT).map((path) => ({
    path: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('are called books: no Store, World (but the root), Registry, Ledger, Directory or Keyring', () => {
    const others = files.flatMap(({ path, text }) =>
      [...text.matchAll(OTHER_WORDS)].map((m) => `${path}: ${m[1]}`),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(others).toEqual([]);
  });

  it('live in files named after them (UserBook in user-book.ts)', () => {
    const books = files.flatMap(({ path, text }) =>
      [...text.matchAll(BOOK)].map((m) => ({ path, name: m[1]! })),
    );
    expect(books.length).toBeGreaterThan(15);
    const misplaced = books.filter(({ path, name }) => !spells(path, name));
    expect(misplaced.map(({ path, name }) => `${path}: ${name}`)).toEqual([]);
  });
});
