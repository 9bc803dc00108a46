import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { ParseError } from '../errors/wechat-error.js';
import { parseXml, type XmlRecord } from './parse-xml.js';
import { scanWeChatXml } from './scan-wechat-xml.js';

// A fixed-seed generator keeps every failure reproducible from its iteration number.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

const dir = new URL('../../../test/fixtures/callback/', import.meta.url);
const seeds = readdirSync(dir)
  .filter((name) => name.endsWith('.xml'))
  .map((name) => readFileSync(new URL(name, dir), 'utf8'));

const INSERTS = [
  '<!',
  '<!DOCTYPE x [<!ENTITY e "x">]>',
  '<!ENTITY e "x">',
  '&',
  '&e;',
  '&amp;',
  '&#60;',
  '&#x0;',
  ']]>',
  '<![CDATA[',
  '<?',
  '<?xml version="1.0"?>',
  '<!-- c -->',
  '<A>',
  '</A>',
  '<A/>',
  '<',
  '>',
  '/',
  ' ',
  '\n',
  '\u0000',
  '😀',
  '<__proto__>',
  ' a="1"',
  '<A><B><C><D><E>deep</E></D></C></B></A>',
];

function mutate(doc: string, random: () => number): string {
  let out = doc;
  const rounds = 1 + Math.floor(random() * 3);
  for (let m = 0; m < rounds; m++) {
    const at = Math.floor(random() * (out.length + 1));
    const op = random();
    if (op < 0.15) out = out.slice(0, at);
    else if (op < 0.35) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (op < 0.55) {
      const code = out.charCodeAt(at) ^ (1 << Math.floor(random() * 7));
      out = out.slice(0, at) + String.fromCharCode(Number.isNaN(code) ? 0x3c : code) + out.slice(at + 1);
    } else out = out.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)]! + out.slice(at);
  }
  return out;
}

type Outcome = { ok: true; value: XmlRecord } | { ok: false; error: unknown };

function run(read: () => XmlRecord): Outcome {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('scanWeChatXml: mutation fuzzing against parseXml', () => {
  it('rejects with ParseError or returns exactly what parseXml returns, for 20000 mutated pushes', () => {
    const random = prng(20240917);
    const tally = { agreed: 0, stricter: 0 };
    for (let i = 0; i < 20000; i++) {
      const doc = mutate(seeds[i % seeds.length]!, random);
      const scanned = run(() => scanWeChatXml(doc));
      const parsed = run(() => parseXml(doc));
      const context = `iteration ${i}: ${JSON.stringify(doc)}`;
      if (!scanned.ok) {
        expect(scanned.error, context).toBeInstanceOf(ParseError);
        if (parsed.ok) tally.stricter += 1;
        continue;
      }
      expect(parsed.ok, `parseXml rejects what the scanner accepts at ${context}`).toBe(true);
      if (parsed.ok) expect(scanned.value, context).toEqual(parsed.value);
      tally.agreed += 1;
    }
    // Both kinds of outcome must be common, or the mutations are not reaching the interesting cases.
    expect(tally.agreed).toBeGreaterThan(1000);
    expect(tally.stricter).toBeGreaterThan(200);
  });

  it('reads every unmutated seed like parseXml', () => {
    expect(seeds.length).toBeGreaterThan(20);
    for (const doc of seeds) expect(scanWeChatXml(Buffer.from(doc))).toEqual(parseXml(doc));
  });
});
