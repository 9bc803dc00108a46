import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball } from '../helpers/install-tarball.js';
import { ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** One ```ts block of a document: where it starts (the fence's line, 1-based) and its code. */
interface Block {
  readonly doc: string;
  readonly index: number;
  /** The line of the block's first code line in the document. */
  readonly line: number;
  readonly code: string;
  /** The file the block is written to in the consumer project. */
  readonly file: string;
}

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

function extractBlocks(doc: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let open: { line: number; code: string[] } | undefined;
  lines.forEach((content, i) => {
    if (open) {
      if (/^\s*```\s*$/.test(content)) {
        const index = blocks.length;
        const file = `blocks/${doc.replace(/[/.]/g, '-')}-${index}.ts`;
        blocks.push({ doc, index, line: open.line, code: open.code.join('\n'), file });
        open = undefined;
      } else open.code.push(content);
    } else if (/^\s*```(ts|typescript)\s*$/.test(content)) open = { line: i + 2, code: [] };
  });
  return blocks;
}

const blocks = DOCS.flatMap((doc) => extractBlocks(doc, readFileSync(join(ROOT, doc), 'utf8')));
// Inside the repository, so wegate's dependencies (and @types/node) resolve from the repository's
// node_modules through Node's parent-directory lookup: nothing is installed from the network.
const work = join(ROOT, '.tmp', `docs-compile-${process.pid}`);
const consumer = join(work, 'consumer');
/** tsc's diagnostics, by block file. */
const errors = new Map<string, string[]>();
let tscOutput = '';

/** `blocks/x-0.ts(3,5): error TS2304: …` → `README.md:14:5 TS2304: …` (the line in the document). */
function toDocument(block: Block, diagnostic: string): string {
  const match = /^[^(]+\((\d+),(\d+)\): error (.*)$/.exec(diagnostic);
  if (!match) return `${block.doc}:${block.line} ${diagnostic}`;
  const [, line = '1', column = '1', message = ''] = match;
  return `${block.doc}:${block.line + Number(line) - 1}:${column} ${message}`;
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await installTarball(work, 'consumer');
  mkdirSync(join(consumer, 'blocks'), { recursive: true });
  // `export {}` makes each block a module of its own: top-level await works and names never collide.
  for (const block of blocks) writeFileSync(join(consumer, block.file), `${block.code}\nexport {};\n`);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      files: blocks.map((b) => b.file),
    }),
  );
  const result = await run('node', [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], {
    cwd: consumer,
  }).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? '',
  }));
  tscOutput = `${result.stdout}${result.stderr}`;
  let current: string[] | undefined;
  for (const line of tscOutput.split('\n')) {
    const file = /^(blocks\/[^(]+)\(/.exec(line)?.[1];
    if (file) {
      current = errors.get(file) ?? [];
      errors.set(file, current);
      current.push(line);
    } else if (line.startsWith(' ') && current) current[current.length - 1] += `\n${line}`;
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('TypeScript blocks of README.md and docs/*.md, against the installed tarball', () => {
  it('finds the blocks, at least one in README.md and in most docs', () => {
    expect(blocks.length).toBeGreaterThan(20);
    expect(blocks.some((b) => b.doc === 'README.md')).toBe(true);
  });

  it('has no diagnostic outside the blocks (the consumer project itself type-checks)', () => {
    const outside = tscOutput
      .split('\n')
      .filter((line) => /error TS\d+/.test(line) && !line.startsWith('blocks/'));
    expect(outside).toEqual([]);
  });

  it.each(blocks.map((b) => [`${b.doc} block ${b.index} (line ${b.line})`, b] as const))(
    '%s compiles on its own (strict, node16)',
    (_name, block) => {
      expect((errors.get(block.file) ?? []).map((d) => toDocument(block, d))).toEqual([]);
    },
  );
});
