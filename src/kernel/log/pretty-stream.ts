/**
 * @module createPrettyStream(): pino's JSON lines turned into one readable line each, for a terminal.
 * It receives lines after pino has redacted them, so secrets stay masked here as in JSON.
 */
import type { DestinationStream } from 'pino';

const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const COLORS: Readonly<Record<number, string>> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[35m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
/** Fields every line has, or that the line shows in its own place. */
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);
const MAX_FIELDS = 6;
const MAX_VALUE = 80;

export interface PrettyStreamOptions {
  /** Where the readable lines go; default stdout. */
  readonly write?: (text: string) => void;
  /** ANSI colours for the level; default when stdout is a terminal. */
  readonly color?: boolean;
}

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return date.toISOString().slice(11, 23);
}

function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const shown = /[\s"]/.test(text) && typeof value === 'string' ? JSON.stringify(text) : text;
  return shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE - 1)}…` : shown;
}

function showFields(entry: Record<string, unknown>): string {
  const keys = Object.keys(entry).filter((k) => !OMITTED.has(k) && entry[k] !== undefined);
  const shown = keys.slice(0, MAX_FIELDS).map((k) => `${k}=${showValue(entry[k])}`);
  if (keys.length > MAX_FIELDS) shown.push(`(+${keys.length - MAX_FIELDS})`);
  return shown.join(' ');
}

function showError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const { type, message, code } = err as { type?: string; message?: string; code?: unknown };
  return `${type ?? 'Error'}${code !== undefined ? `(${String(code)})` : ''}: ${message ?? ''}`;
}

/** One pino JSON line as `HH:MM:SS.mmm LEVEL message key=value…`; a line that is not JSON passes as is. */
export function formatLogLine(line: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = LEVELS[level] ?? String(entry.level);
  const tint = color ? (COLORS[level] ?? '') : '';
  const parts = [
    color ? `${DIM}${clock(entry.time)}${RESET}` : clock(entry.time),
    tint ? `${tint}${name}${RESET}` : name,
    typeof entry.msg === 'string' ? entry.msg : '',
    showError(entry.err),
    showFields(entry),
  ];
  return `${parts.filter((p) => p !== '').join(' ')}\n`;
}

/** A pino destination writing readable lines (synchronously, as stdout on a terminal is). */
export function createPrettyStream(options: PrettyStreamOptions = {}): DestinationStream {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const color = options.color ?? process.stdout.isTTY === true;
  return { write: (line: string) => write(formatLogLine(line, color)) };
}
