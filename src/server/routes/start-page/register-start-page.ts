/**
 * @module GET / (sandbox only): a small page linking what to try first: the emulator, the H5 demo, the
 * metrics, the callback URLs. Our own HTML, no script and no outside asset; in production `/` stays a 404.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppConfig, WegateConfig } from '../../../config/config.types.js';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'code,pre{background:#f4f4f4;padding:0 .2rem}pre{padding:.5rem;overflow-x:auto}' +
  'table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .8rem .2rem 0}';

/** Nothing loads but the page's own style block: no script, image, frame, form or outside origin. */
export const START_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function appRow(app: AppConfig): string {
  const [name, type, appid] = [app.name, app.type, app.appid].map(escapeHtml);
  return `<tr><td>${name}</td><td>${type}</td><td><code>${appid}</code></td><td><code>/wechat/${name}</code></td></tr>`;
}

function sendExample(apps: readonly AppConfig[]): string {
  const oa = apps.find((a) => a.type === 'official-account');
  if (!oa) return '';
  const body = JSON.stringify({
    appid: oa.appid,
    openid: 'o-alice',
    message: { MsgType: 'text', Content: 'hello' },
  });
  return `<li>Make a simulated user write to <code>${escapeHtml(oa.name)}</code>, then read what the user saw:
<pre>curl -s localhost:PORT/__emulator/users/send -H 'content-type: application/json' -d '${escapeHtml(body)}'
curl -s 'localhost:PORT/__emulator/users/o-alice/inbox?appid=${escapeHtml(oa.appid)}'</pre></li>`;
}

/** The page for this configuration (appids and callback paths are the configured ones). */
export function buildStartPage(config: WegateConfig): string {
  const apps = Object.values(config.apps);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>wegate sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<h1>wegate sandbox</h1>
<p>This server runs against its built-in WeChat emulator. <code>PORT</code> below is the port this page came from.</p>
<h2>Apps</h2>
<table><tr><th>app</th><th>type</th><th>appid</th><th>callback URL</th></tr>
${apps.map(appRow).join('\n')}
</table>
<h2>Try</h2>
<ol>
<li><a href="/ping">/ping</a>: the server is alive, in sandbox mode.</li>
<li><a href="/__emulator/apps">/__emulator/apps</a>: the emulator's control API (from this machine only): apps, users, faults, clock.</li>
${sendExample(apps)}
<li><a href="/demo/h5">/demo/h5</a>: log in from an H5 page with web authorization and the JS-SDK.</li>
<li><a href="/metrics">/metrics</a>: Prometheus metrics, e.g. <code>wegate_callbacks_total</code>.</li>
</ol>
<p>The tour and the emulator's control API are described in the README and <code>docs/emulator.md</code>.</p>
</body>
</html>
`;
}

export function registerStartPage(app: FastifyInstance, config: WegateConfig): void {
  const page = buildStartPage(config);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', START_PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(page),
  );
}
