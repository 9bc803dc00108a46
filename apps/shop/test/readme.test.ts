/** apps/shop/README.md against the code: its error codes are the shop's, and its TypeScript compiles. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ShopErrors } from '../src/index.js';

const SHOP = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(SHOP, 'README.md'), 'utf8');

function section(text: string, heading: string): string {
  const start = text.indexOf(`## ${heading}`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

describe('apps/shop/README.md', () => {
  it('lists exactly the error codes the shop answers with (code, status, name)', () => {
    const rows = [...section(readme, 'Error codes').matchAll(/^\| (\d{4}) \| (\d{3}) \| (\w+) \|/gm)].map(
      (m) => [Number(m[1]), Number(m[2]), m[3]],
    );
    expect(rows).toEqual(Object.entries(ShopErrors).map(([name, e]) => [e.code, e.status, name]));
  });

  it('uses codes that are the status times ten plus a digit and that wegate does not use', () => {
    const wegate = readFileSync(join(SHOP, '../../docs/errors.md'), 'utf8');
    const taken = new Set([...wegate.matchAll(/^\| (\d{4}) \|/gm)].map((m) => Number(m[1])));
    expect(taken.size).toBeGreaterThan(10);
    for (const entry of Object.values(ShopErrors)) {
      expect(Math.floor(entry.code / 10)).toBe(entry.status);
      expect(taken.has(entry.code)).toBe(false);
    }
  });

  it('has TypeScript blocks that type-check against the public exports', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThan(0);
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(SHOP, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error('no tsconfig');
    // A wrong block beside them: the check can fail.
    const wrong =
      "import { createShopPlugin } from '@wegate/shop';\ncreateShopPlugin({ unpaidTimeoutMs: 'soon' });\n";
    const files = new Map([...blocks, wrong].map((code, i) => [join(SHOP, `readme-block-${i}.ts`), code]));
    const host = ts.createCompilerHost(parsed.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => {
      const code = files.get(name);
      return code === undefined
        ? getSourceFile(name, version, ...rest)
        : ts.createSourceFile(name, code, version);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    // wegate from its built declarations (as a user gets it), the shop from its sources.
    const options = { ...parsed.options, noEmit: true, paths: { '@wegate/shop': ['./src/index.ts'] } };
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    const wrongFile = join(SHOP, `readme-block-${blocks.length}.ts`);
    expect(problems.filter((p) => !p.startsWith(wrongFile))).toEqual([]);
    expect(problems.filter((p) => p.startsWith(wrongFile)).length).toBe(1);
  }, 120_000);
});
