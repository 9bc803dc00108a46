/**
 * @module WEGATE_DATA_DIR holds keys, sessions and protected fields: the owner's only. The folder is
 * created 0700 and files in it 0600; modes an older start left wider are tightened (never widened).
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** chmod `path` to `mode` when it grants more than `mode` does; a missing path is left alone. */
export function restrictMode(path: string, mode: number): void {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((current & ~mode) !== 0) chmodSync(path, mode);
}

/** Create `dir` (missing parents too) as 0700, or tighten it to 0700; existing parents are not touched. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrictMode(dir, PRIVATE_DIR_MODE);
}
