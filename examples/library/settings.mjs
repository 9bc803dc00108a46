/**
 * What every scenario reads from its environment: the same variables `wegate emulator` seeds from, plus
 * EMULATOR_URL (its control API) and REDIS_URL. The WeChat hosts default to the emulator.
 */
const emulator = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8081';

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see examples/library/README.md)`);
  return value;
}

export const settings = {
  emulator,
  apiBase: process.env.WECHAT_API_BASE ?? emulator,
  payApiBase: process.env.WECHAT_PAY_API_BASE ?? emulator,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  mp: () => ({ appid: required('WECHAT_MP_APPID'), secret: required('WECHAT_MP_SECRET') }),
  cloudEnv: () => required('WECHAT_CLOUD_ENV'),
  merchant: () => ({
    mchid: required('WECHAT_PAY_MCHID'),
    apiv3Key: required('WECHAT_PAY_APIV3_KEY'),
    certSerial: required('WECHAT_PAY_CERT_SERIAL'),
    privateKeyPath: required('WECHAT_PAY_PRIVATE_KEY'),
  }),
};

/**
 * POSTs JSON to the emulator's control API (`/__emulator/...`), which plays the WeChat user.
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<any>}
 */
export async function control(path, body) {
  const response = await fetch(`${emulator}/__emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}
