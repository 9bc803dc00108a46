/**
 * @module watchLimitSettings: re-reads `limits` of the config file when it changes — fs.watch on its
 * folder (editors and ConfigMaps replace the file rather than write it) plus a poll of its mtime and size
 * for file systems where watch events do not arrive (network mounts, some containers).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Value } from 'typebox/value';
import { LimitsSchema } from '../config/config-schema.js';
import type { LimitSettings } from './limits.types.js';

export interface WatchLimitSettingsOptions {
  readonly file: string;
  readonly onChange: (settings: LimitSettings) => void;
  /** A change that cannot be applied (unreadable file, invalid JSON or limits); the old settings stay. */
  readonly onInvalid?: (reason: string) => void;
  /** Default 1000 ms. */
  readonly pollMs?: number;
}

/** `limits` of the file's text, or the reason it cannot be used (never quoting the file: it holds secrets). */
export function parseLimitSettings(text: string): LimitSettings | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  const limits = (parsed as { limits?: unknown } | null)?.limits ?? {};
  if (!Value.Check(LimitsSchema, limits))
    return 'limits: needs {"<class>": {"perUser"|"perIp": {"max": ≥1, "windowS": 1–86400}}}';
  return limits as LimitSettings;
}

export function watchLimitSettings(options: WatchLimitSettingsOptions): { close(): void } {
  let lastSeen = '';
  let lastText: string | undefined;
  let reading: Promise<void> = Promise.resolve();
  const reload = () => {
    reading = reading.then(async () => {
      const info = await stat(options.file).catch(() => undefined);
      const seen = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'missing';
      if (seen === lastSeen) return;
      lastSeen = seen;
      const text = info ? await readFile(options.file, 'utf8').catch(() => undefined) : undefined;
      if (text === undefined || text === lastText) return;
      lastText = text;
      const settings = parseLimitSettings(text);
      if (typeof settings === 'string') options.onInvalid?.(settings);
      else options.onChange(settings);
    });
  };
  void stat(options.file)
    .then((info) => {
      lastSeen = `${info.mtimeMs}:${info.size}:${info.ino}`;
      return readFile(options.file, 'utf8');
    })
    .then((text) => (lastText = text))
    .catch(() => undefined);
  let watcher: FSWatcher | undefined;
  try {
    const name = basename(options.file);
    watcher = watch(dirname(options.file), (_event, changed) => {
      if (changed === null || changed === name) reload();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined; // the poll below still sees changes
  }
  const poll = setInterval(reload, options.pollMs ?? 1000).unref();
  return {
    close() {
      clearInterval(poll);
      watcher?.close();
    },
  };
}
