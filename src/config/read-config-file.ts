/** @module Read the optional wegate.config.json (or `file`, or WEGATE_CONFIG). */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ConfigError } from './config-error.js';

export const DEFAULT_CONFIG_FILE = 'wegate.config.json';

export interface ConfigFile {
  /** The file's content; `{}` when no file exists at the default place. */
  readonly raw: Record<string, unknown>;
  /** Base name used to name file values in errors (`wegate.config.json:apps.oa.aesKey`). */
  readonly label: string;
  /** Where the file is, when there is one. */
  readonly path?: string;
}

export interface ReadConfigFileOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  file?: string;
}

/** A file named explicitly must exist; the default one is optional. */
export function readConfigFile(options: ReadConfigFileOptions): ConfigFile {
  const named = options.file ?? (options.env.WEGATE_CONFIG || undefined);
  const setting = options.file !== undefined ? 'config file' : 'WEGATE_CONFIG';
  const path = resolve(options.cwd, named ?? DEFAULT_CONFIG_FILE);
  const label = basename(path);
  if (!existsSync(path)) {
    if (named !== undefined) throw new ConfigError(setting, `file ${path} does not exist`);
    return { raw: {}, label };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(named !== undefined ? setting : label, `cannot read ${path}`, { cause: error });
  }
  return { raw: parseObject(text, label), label, path };
}

// Parser messages can quote the text around the error, and the file holds secrets: report a position only.
function parseObject(text: string, label: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    throw new ConfigError(label, `is not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(label, 'must contain a JSON object');
  }
  return parsed as Record<string, unknown>;
}
