import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errmsgOf, MESSAGE_FREQ_ERRMSG, WX_ERRMSG, WxErrcode } from './errcodes.js';
import { msgError, MsgErrcode } from './messaging/messaging-errcodes.js';
import { mpError, MpErrcode } from './mini-program/mp-errcodes.js';
import { oaError, OaErrcode } from './official-account/oa-errcodes.js';
import { wxError } from './wx-error.js';

const EMULATOR_DIR = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// A table entry (`Name: 40003,`), a keyed text (`[40003]: '…'`) or an answered code (`errcode: 40003`).
const ERRCODE_LITERAL = /^\s+\w+: -?[1-9]\d{4,5},?$|errcode: -?[1-9]\d{4,5}\b|\[-?[1-9]\d{4,5}\]:/m;

describe('the emulator keeps one errcode table', () => {
  it('names every errcode once, and gives every code outside tcb its errmsg text', () => {
    const values = Object.values(WxErrcode);
    expect(new Set(values).size).toBe(values.length);
    // tcb answers (40101 and the cloud's negative codes) always carry their own message.
    const tcb = (code: number) => code <= -500_000 || code === WxErrcode.MissingParameter;
    const missing = values.filter((code) => !tcb(code) && code !== 0 && WX_ERRMSG[code] === undefined);
    expect(missing).toEqual([]);
  });

  it('has no errcode number or errmsg table outside errcodes.ts', () => {
    const offenders = sources(EMULATOR_DIR)
      .filter((file) => relative(EMULATOR_DIR, file) !== 'errcodes.ts')
      .filter((file) => ERRCODE_LITERAL.test(readFileSync(file, 'utf8')))
      .map((file) => relative(EMULATOR_DIR, file));
    expect(offenders).toEqual([]);
  });

  it('answers the table text, with the detail after it and the rid suffix', () => {
    expect(errmsgOf(WxErrcode.InvalidOpenid)).toBe('invalid openid');
    expect(errmsgOf(WxErrcode.InvalidOpenid, 'hint: x')).toBe('invalid openid hint: x');
    expect(errmsgOf(12345)).toBe('system error');
    expect(oaError(OaErrcode.InvalidOpenid).errmsg).toMatch(/^invalid openid rid: \w{8}-\w{8}-\w{8}$/);
    expect(wxError(WxErrcode.InvalidOpenid).errmsg).toMatch(/^invalid openid rid: /);
  });

  it('keeps the two wordings of 45011: jscode2session and the message-send APIs', () => {
    expect(MsgErrcode.TooFrequent).toBe(MpErrcode.MinuteQuota);
    expect(mpError(MpErrcode.MinuteQuota).errmsg).toMatch(
      /^api minute-quota reach limit {2}mustslower {2}retry next minute rid: /,
    );
    expect(msgError(MsgErrcode.TooFrequent).errmsg).toMatch(new RegExp(`^${MESSAGE_FREQ_ERRMSG} rid: `));
  });
});
