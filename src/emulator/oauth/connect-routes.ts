/** @module The emulated consent host (open.weixin.qq.com): `/connect/oauth2/authorize` and its form. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../world/world.js';
import { checkAuthorize, redirectWith, type AuthorizeRequest } from './authorize-request.js';
import { consentPage, deniedPage, errorPage, pickUserPage } from './consent-html.js';

/** The simulated WeChat user of this browser: a person key of the people book. */
export const BROWSER_USER_COOKIE = 'wegate_emulator_wx_user';
const MAX_FORM_BYTES = 4096;

type Query = Readonly<Record<string, string | undefined>>;

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `?openid=` (an openid of the app) or `?user=` (a person) pick the user and stick in a cookie. */
function browserPerson(world: World, request: FastifyRequest, reply: FastifyReply, appid: string) {
  const query = request.query as Query;
  const picked = query['openid']
    ? world.miniProgram.people.adopt(appid, query['openid']).person
    : query['user'] || undefined;
  if (picked !== undefined) {
    const cookie = `${BROWSER_USER_COOKIE}=${encodeURIComponent(picked)}; Path=/; HttpOnly; SameSite=Lax`;
    reply.header('set-cookie', cookie);
    return picked;
  }
  return cookieValue(request, BROWSER_USER_COOKIE);
}

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

type Grantable = Pick<AuthorizeRequest, 'appid' | 'redirectUri' | 'scope' | 'state'>;

function grantAndRedirect(world: World, reply: FastifyReply, req: Grantable, openid: string) {
  const user = world.miniProgram.people.user(req.appid, openid);
  const code = world.oauth.issueCode({
    appid: req.appid,
    openid,
    unionid: user?.unionid ?? '',
    scope: req.scope,
  });
  const params = req.state === undefined ? { code } : { code, state: req.state };
  return reply.code(302).header('location', redirectWith(req.redirectUri, params)).send();
}

async function authorize(world: World, request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const checked = checkAuthorize(world, query);
  if (!checked.ok) return html(reply, errorPage(checked.message, checked.code));
  const req = checked.value;
  const person = browserPerson(world, request, reply, req.appid);
  if (person === undefined) {
    const { appid, redirect_uri, response_type, scope, state } = query;
    return html(reply, pickUserPage({ appid, redirect_uri, response_type, scope, state }));
  }
  const { openid, unionid } = world.miniProgram.people.userFor(req.appid, person);
  if (req.scope === 'snsapi_base') return grantAndRedirect(world, reply, req, openid);
  const consentId = world.oauth.openConsent({ ...req, openid, unionid });
  return html(reply, consentPage({ consentId, appName: req.appName, openid }));
}

function confirm(world: World, request: FastifyRequest, reply: FastifyReply) {
  const form = (request.body ?? {}) as Query;
  const consent = world.oauth.takeConsent(form['consent'] ?? '');
  if (!consent) return html(reply, errorPage('授权已过期，请重新进入页面'));
  if (form['action'] !== 'allow') return html(reply, deniedPage());
  return grantAndRedirect(world, reply, consent, consent.openid);
}

/** Registers the consent pages at the root (they mirror open.weixin.qq.com's paths). */
export async function connectRoutes(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: MAX_FORM_BYTES },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.get('/connect/oauth2/authorize', (request, reply) => authorize(world, request, reply));
  app.post('/connect/oauth2/authorize/confirm', async (request, reply) => confirm(world, request, reply));
}
