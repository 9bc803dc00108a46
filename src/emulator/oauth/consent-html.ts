/** @module The small HTML pages of the emulated consent host: user picker, consent, refusal, errors. */

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1.4rem;margin:.3rem}#allow{background:#07c160;color:#fff;border:0}</style>
</head><body>${body}</body></html>`;
}

const hidden = (fields: Readonly<Record<string, string | undefined>>): string =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');

/** WeChat's error page: "Oops! Something went wrong:(" with the reason and, when WeChat has one, its code. */
export function errorPage(message: string, code?: number): string {
  const suffix = code === undefined ? '' : ` <span id="code">${code}</span>`;
  return page(
    '微信网页授权',
    `<h1>Oops! Something went wrong:(</h1><p id="error">${escapeHtml(message)}${suffix}</p>`,
  );
}

/** Who uses WeChat in this browser: a person name (shared with Mini Program logins) or an openid of the app. */
export function pickUserPage(query: Readonly<Record<string, string | undefined>>): string {
  return page(
    '选择微信用户',
    `<h1>Emulator: who is using WeChat in this browser?</h1>
<form method="get" action="/connect/oauth2/authorize">${hidden(query)}
<p><label>Person <input name="user" id="user" placeholder="alice"></label></p>
<p><label>or an openid of this app <input name="openid" id="openid"></label></p>
<button type="submit" id="pick">Continue</button></form>`,
  );
}

export function consentPage(view: { consentId: string; appName: string; openid: string }): string {
  return page(
    '授权确认',
    `<h1>${escapeHtml(view.appName)} 申请获取</h1><p>你的昵称、头像</p>
<p><small>WeChat user <span id="openid">${escapeHtml(view.openid)}</span></small></p>
<form method="post" action="/connect/oauth2/authorize/confirm">${hidden({ consent: view.consentId })}
<button id="allow" name="action" value="allow">允许</button>
<button id="deny" name="action" value="deny">拒绝</button></form>`,
  );
}

/** WeChat keeps a user who refuses on its own page: the site is not told. */
export function deniedPage(): string {
  return page('已拒绝', '<h1 id="denied">已拒绝授权</h1><p>You refused; the site was not told.</p>');
}
