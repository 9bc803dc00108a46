import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_SETTINGS } from './apply-env.js';

const DOC = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const tableRows = DOC.split('\n').filter((line) => line.startsWith('| `'));

describe('docs/configuration.md', () => {
  it('documents every environment variable loadConfig reads, with its file key', () => {
    for (const { env, path } of ENV_SETTINGS) {
      const row = tableRows.find((r) => r.includes(`\`${env}\``));
      expect(row, env).toBeDefined();
      expect(row, env).toContain(`\`${path.replace(/^apps\.(oa|mp)\./, 'apps.<app>.')}\``);
    }
  });

  it('documents no variable that loadConfig does not read', () => {
    const known = new Set([...ENV_SETTINGS.map((s) => s.env), 'WEGATE_CONFIG']);
    const documented = tableRows.flatMap((r) => [
      ...r.matchAll(/`((?:WECHAT|WEGATE)_[A-Z0-9_]+|DATABASE_URL|REDIS_URL|LOG_FORMAT|PORT|HOST)`/g),
    ]);
    for (const [, name] of documented) expect(known.has(name as string), name).toBe(true);
  });
});
