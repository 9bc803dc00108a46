/** @module Temporary working directories for loadConfig tests, removed after the suite. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/kernel/errors/wechat-error.js';

export interface ConfigDirs {
  /** A fresh directory, with `file` as its wegate.config.json when given. */
  tempDir(file?: unknown): string;
  /** The ConfigError message loadConfig stops with; fails the test when it accepts the configuration. */
  failure(env: NodeJS.ProcessEnv, file?: unknown): string;
}

/** Call at the top of a test file: the directories go when the suite ends. */
export function configDirs(prefix: string): ConfigDirs {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = (file?: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    if (file !== undefined) writeFileSync(join(dir, 'wegate.config.json'), JSON.stringify(file));
    return dir;
  };
  const failure = (env: NodeJS.ProcessEnv, file?: unknown): string => {
    try {
      loadConfig({ env, cwd: tempDir(file) });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('loadConfig accepted the configuration');
  };
  return { tempDir, failure };
}
