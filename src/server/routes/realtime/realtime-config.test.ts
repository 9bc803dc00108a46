import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-realtime-config-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('realtime settings', () => {
  it('reads WEGATE_REALTIME_DEFLATE_BYTES into realtime.deflateAboveBytes, and leaves compression off without it', () => {
    const on = loadConfig({
      env: { WEGATE_SANDBOX: '0', WEGATE_REALTIME_DEFLATE_BYTES: '2048' },
      cwd: tempDir(),
    });
    expect(on.realtime).toEqual({ deflateAboveBytes: 2048 });
    expect(loadConfig({ env: { WEGATE_SANDBOX: '0' }, cwd: tempDir() }).realtime).toBeUndefined();
  });

  it('refuses a threshold below 1, naming the variable', () => {
    const load = () =>
      loadConfig({ env: { WEGATE_SANDBOX: '0', WEGATE_REALTIME_DEFLATE_BYTES: '0' }, cwd: tempDir() });
    expect(load).toThrow(/WEGATE_REALTIME_DEFLATE_BYTES/);
  });
});
