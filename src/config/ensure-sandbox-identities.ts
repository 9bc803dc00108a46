/** @module Sandbox mode: fill what the config leaves unset with identities kept in WEGATE_DATA_DIR/sandbox.json. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { ConfigError } from './config-error.js';
import type { RawConfig } from './config-schema.js';
import { generateApp, generateMerchant, generateSecrets } from './generate-identities.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, restrictMode } from './private-data-dir.js';
import type { SandboxApp, SandboxMerchant, SandboxSecrets } from './generate-identities.js';
import { DEFAULT_APP_TYPES } from './validate-apps.js';

export const SANDBOX_FILE = 'sandbox.json';
const SETTING = 'WEGATE_DATA_DIR';

export interface SandboxFile {
  readonly apps: Readonly<Record<string, SandboxApp>>;
  readonly pay?: SandboxMerchant;
  readonly secrets: SandboxSecrets;
}

const S = Type.String({ minLength: 1 });
const SandboxFileSchema = Type.Object({
  apps: Type.Record(Type.String(), Type.Object({ appid: S, secret: S, token: S, aesKey: S })),
  pay: Type.Optional(Type.Object({ mchid: S, apiv3Key: S, certSerial: S, privateKeyPath: S })),
  secrets: Type.Object({ jwtSecret: S, fieldKeys: Type.Record(Type.String(), S) }),
});

function readSandboxFile(path: string): SandboxFile | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      SETTING,
      `${path} is not valid JSON; delete it to generate new sandbox identities`,
      { cause: error },
    );
  }
  if (!Value.Check(SandboxFileSchema, parsed)) {
    throw new ConfigError(SETTING, `${path} is malformed; delete it to generate new sandbox identities`);
  }
  return parsed as SandboxFile;
}

function needsMerchant(raw: RawConfig): boolean {
  const pay = raw.pay ?? {};
  return !pay.mchid || !pay.apiv3Key || !pay.certSerial || !pay.privateKeyPath;
}

/** What sandbox.json should hold: the previous identities, plus new ones for anything not seen before. */
function complete(before: SandboxFile | undefined, raw: RawConfig, dataDir: string): SandboxFile {
  const names = new Set(['oa', 'mp', ...Object.keys(raw.apps ?? {})]);
  const apps = Object.fromEntries([...names].map((name) => [name, before?.apps[name] ?? generateApp()]));
  const keptPay = before?.pay && existsSync(before.pay.privateKeyPath) ? before.pay : undefined;
  const pay = keptPay ?? (needsMerchant(raw) ? generateMerchant(dataDir) : undefined);
  return { apps, ...(pay ? { pay } : {}), secrets: before?.secrets ?? generateSecrets() };
}

/** Configured values win over stored ones, field by field. */
function merge(raw: RawConfig, stored: SandboxFile): RawConfig {
  const apps = Object.fromEntries(
    Object.entries(stored.apps).map(([name, app]) => {
      const own = raw.apps?.[name] ?? {};
      return [name, { ...app, ...own, type: own.type ?? DEFAULT_APP_TYPES[name] }];
    }),
  );
  const fieldKeys = raw.secrets?.fieldKeys ?? {};
  const secrets = {
    ...raw.secrets,
    jwtSecret: raw.secrets?.jwtSecret ?? stored.secrets.jwtSecret,
    fieldKeys: Object.keys(fieldKeys).length > 0 ? fieldKeys : { ...stored.secrets.fieldKeys },
  };
  return { ...raw, apps, secrets, ...(stored.pay ? { pay: { ...stored.pay, ...raw.pay } } : {}) };
}

/** false when another process created the file first (the caller then re-reads it). */
function persist(path: string, file: SandboxFile, create: boolean): boolean {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (!create) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, path);
    return true;
  }
  try {
    writeFileSync(path, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** sandbox.json and the merchant key it names were written 0600; a file an older start left wider is tightened. */
function restrictStored(path: string, stored: SandboxFile): void {
  restrictMode(path, PRIVATE_FILE_MODE);
  if (stored.pay) restrictMode(stored.pay.privateKeyPath, PRIVATE_FILE_MODE);
}

/**
 * Sandbox identities for apps `oa`, `mp` (and any other configured app), a merchant, field keys and a JWT
 * secret, generated once and reused from `dataDir/sandbox.json` (mode 0600, in a 0700 `dataDir`) so ids
 * stay stable across starts.
 */
export function ensureSandboxIdentities(raw: RawConfig, dataDir: string): RawConfig {
  const path = join(dataDir, SANDBOX_FILE);
  try {
    ensurePrivateDir(dataDir);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const before = readSandboxFile(path);
      const stored = complete(before, raw, dataDir);
      const unchanged = JSON.stringify(stored) === JSON.stringify(before);
      if (unchanged || persist(path, stored, before === undefined)) {
        restrictStored(path, stored);
        return merge(raw, stored);
      }
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      SETTING,
      `cannot keep sandbox identities in ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  throw new ConfigError(SETTING, `${path} keeps changing under us; is another process rewriting it?`);
}
