/**
 * @module The start banner: what a person at the terminal needs after `wegate serve` listens (mode, each
 * app's appid and callback URL, where to look next, which keys are set). Never a secret's value.
 */
import type { LogFormat, WegateConfig } from '../config/config.types.js';

/** The lines of the banner for a server listening at `url` (`http://host:port`, no trailing slash). */
export function startBanner(config: WegateConfig, url: string, version: string): string[] {
  const apps = Object.values(config.apps);
  const nameWidth = Math.max(4, ...apps.map((a) => a.name.length));
  const typeWidth = Math.max(...apps.map((a) => a.type.length), 0);
  const lines = [
    `wegate ${version} · ${config.sandbox ? 'sandbox mode (emulated WeChat)' : 'production mode'} · ${url}`,
    '',
    apps.length > 0 ? 'apps (callback URL to configure in WeChat)' : 'apps: none configured',
    ...apps.map(
      (a) =>
        `  ${a.name.padEnd(nameWidth)}  ${a.type.padEnd(typeWidth)}  ${a.appid}  ${url}/wechat/${a.name}`,
    ),
    ...(config.pay ? [`  pay   merchant ${config.pay.mchid}  notify ${payNotifyUrl(config, url)}`] : []),
    '',
    ...links(config.sandbox).map(([label, path]) => `  ${label.padEnd(12)}${url}${path}`),
    '',
    `gateway key  ${config.secrets.gatewayKey ? 'on' : 'off (set WEGATE_GATEWAY_KEY for /gateway and /api/messages)'}`,
    `admin key    ${config.secrets.adminKey ? 'on' : "off (set WEGATE_ADMIN_KEY for /api/admin and plugins' admin routes)"}`,
    `JWT secret   ${config.secrets.jwtSecret ? 'on' : 'off'}`,
  ];
  return lines;
}

function payNotifyUrl(config: WegateConfig, url: string): string {
  return config.pay?.notifyUrl ?? `${url}/pay/notify`;
}

function links(sandbox: boolean): Array<[string, string]> {
  const always: Array<[string, string]> = [
    ['alive', '/healthz'],
    ['ready', '/readyz'],
    ['metrics', '/metrics'],
  ];
  if (!sandbox) return always;
  return [['start page', '/'], ['emulator', '/__emulator/apps'], ['H5 demo', '/demo/h5'], ...always];
}

/** Readable output was asked for (`LOG_FORMAT=pretty`), or left to the terminal and stdout is one. */
export function wantsReadableOutput(format: LogFormat | undefined, isTTY: boolean | undefined): boolean {
  return format === 'pretty' || (format === undefined && isTTY === true);
}

/** Print the banner to stdout when a person is likely reading it; JSON consumers get no banner. */
export function printStartBanner(config: WegateConfig, url: string, version: string): void {
  if (!wantsReadableOutput(config.logFormat, process.stdout.isTTY)) return;
  process.stdout.write(`\n${startBanner(config, url, version).join('\n')}\n\n`);
}
