import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRCODE_TABLE } from './errcodes.js';

const DOC = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** Rows of the first Markdown table under the `## heading`, as `a b c` strings of its first three cells. */
function rowsUnder(heading: string): string[] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .slice(0, 3)
        .map((c) => c.trim())
        .join(' '),
    );
}

describe('docs/errors.md matches the errcode table', () => {
  it('lists exactly the errcodes, actions and meanings of ERRCODE_TABLE', () => {
    const actual = ERRCODE_TABLE.map((e) => `${e.errcode} ${e.action} ${e.meaning}`);
    expect(rowsUnder('WeChat errcodes').sort()).toEqual(actual.sort());
  });
});
