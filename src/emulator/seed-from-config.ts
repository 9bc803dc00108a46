/** @module Seeds a world with what a loaded config names: its apps, its cloud environment and its merchant. */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppConfig, PayConfig, WegateConfig } from '../config/config.types.js';
import type { EmulatorApp } from './world/app-book.js';
import type { World } from './world/world.js';

/** The parts of a config the emulator seeds from. */
export type EmulatorSeedConfig = Pick<WegateConfig, 'apps'> & Partial<Pick<WegateConfig, 'cloudEnv' | 'pay'>>;

/** The emulator's view of a configured app. */
export function emulatorAppFromConfig(app: AppConfig): EmulatorApp {
  return {
    appid: app.appid,
    secret: app.secret,
    type: app.type,
    name: app.name,
    ...(app.token !== undefined ? { token: app.token } : {}),
    ...(app.aesKey !== undefined ? { aesKey: app.aesKey } : {}),
    msgMode: app.msgMode,
    pushFormat: app.pushFormat,
  };
}

/**
 * The merchant of `WECHAT_PAY_*`, known to the emulated WeChat Pay by the public key of its private key.
 * WeChat Pay signs for it with the emulator's platform certificates (`GET /v3/certificates`); the
 * emulator cannot sign as a WeChat Pay public key it only has the public half of.
 */
export function seedMerchant(world: World, pay: PayConfig): void {
  const publicKeyPem = createPublicKey(readFileSync(pay.privateKeyPath, 'utf8'))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  world.pay.merchants.put({
    mchid: pay.mchid,
    apiv3Key: pay.apiv3Key,
    publicKeyPem,
    certSerial: pay.certSerial,
    verifyMode: 'certificate',
  });
}

/**
 * Apps, the cloud environment (any app may use it) and the merchant, all kept across `/__emulator/reset`
 * (a cloud environment only when it was also given to `createWorld` as a seed).
 */
export function seedFromConfig(world: World, config: EmulatorSeedConfig): void {
  for (const app of Object.values(config.apps)) world.apps.put(emulatorAppFromConfig(app));
  if (config.cloudEnv !== undefined && !world.cloud.list().includes(config.cloudEnv)) {
    world.cloud.createEnv(config.cloudEnv);
  }
  if (config.pay) seedMerchant(world, config.pay);
}
