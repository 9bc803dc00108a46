/** @module `wegate keys rotate`: re-encrypt protected fields (session keys, phone numbers) under the newest key. */
import { createAudit } from '../audit/index.js';
import { connectStore } from '../adapters/sql/connect-store.js';
import type { WegateConfig } from '../config/config.types.js';
import { loadConfig } from '../config/index.js';
import { createFieldCipher } from '../kernel/crypto/sm4-field.js';
import { rotateFieldKeys, type RotationCounts } from '../mini-program/session/rotate-field-keys.js';

const USAGE = 'usage: wegate keys rotate   (re-encrypt under the highest WEGATE_FIELD_KEYS version)';

/** Opens the configured store, migrates it, rotates in batches and closes it; safe while servers run. */
export async function rotateKeys(
  config: WegateConfig,
  options: { batchSize?: number } = {},
): Promise<RotationCounts & { version: string }> {
  const cipher = createFieldCipher({ keys: { ...config.secrets.fieldKeys } });
  const store = await connectStore(config.databaseUrl, { dataDir: config.dataDir });
  try {
    await store.migrate();
    const audit = createAudit({ store });
    const record = (result: string, after?: object) =>
      audit.record({
        actor: 'system:keys-rotate',
        action: 'keys.rotate',
        ...(after ? { after } : {}),
        result,
      });
    const counts = await rotateFieldKeys(store, cipher, options).catch(async (error: unknown) => {
      await record('error', { version: cipher.currentVersion });
      throw error;
    });
    // Counts and the key version only: never a key.
    await record('ok', { ...counts, version: cipher.currentVersion });
    await audit.seal();
    return { ...counts, version: cipher.currentVersion };
  } finally {
    await store.close();
  }
}

export async function runKeysCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void = console.log,
): Promise<void> {
  if (argv[0] !== 'rotate') throw new Error(USAGE);
  const config = loadConfig({ env, cwd: process.cwd() });
  const result = await rotateKeys(config);
  print(
    `re-encrypted under v${result.version}: ${result.sessionKeys} session keys, ${result.phoneNumbers} phone numbers`,
  );
}
