/** @module Control routes of the emulated Official Account: read menus, tags and QR tickets; click a menu; scan a QR code. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findApp, sendView } from '../control/user-control.js';
import { PushInputError } from '../user/build-push.js';
import { PushSetupError } from '../user/build-push-request.js';
import { sendAsUser } from '../user/simulate-user.js';
import type { EmulatorApp } from '../world/app-book.js';
import type { World } from '../world/world.js';
import { KEYED_TYPES } from './check-menu.js';
import { findButton } from './menu-book.js';
import { viewMenus } from './menu-view.js';
import { ClickBody, OaAppQuery, ScanBody } from './oa-control-schemas.js';
import { sceneOf } from './qrcode-book.js';

const problem = (error: string, message: string) => ({ error, message });
const unknownApp = (ref: { appid?: string; app?: string }) =>
  problem('unknown_app', (ref.appid ?? ref.app) ? `no app ${ref.appid ?? ref.app}` : 'give appid or app');

interface UserPush {
  readonly target: EmulatorApp;
  readonly openid: string;
  readonly message: Record<string, string>;
  readonly wait?: boolean;
}

/** Pushes what the user did, like `/users/send`: the finished record, or `{ id }` with `wait: false`. */
async function pushAsUser(world: World, reply: FastifyReply, push: UserPush) {
  try {
    const started = sendAsUser(world, { app: push.target, openid: push.openid, message: push.message });
    return push.wait === false ? { id: started.record.id } : sendView(await started.done);
  } catch (error) {
    if (error instanceof PushInputError || error instanceof PushSetupError) {
      return reply.code(400).send(problem('bad_message', error.message));
    }
    throw error;
  }
}

/** The event a click pushes, or a refusal: only buttons of the menu this follower sees can be clicked. */
function clickEvent(
  world: World,
  appid: string,
  body: { openid: string; key?: string; url?: string; platform?: string },
) {
  if (!world.users.user(appid, body.openid)?.following)
    return problem('not_following', 'only followers see the menu');
  const viewer = {
    tagIds: world.tags.tagsOf(appid, body.openid),
    ...(body.platform ? { platform: body.platform } : {}),
  };
  const menu = world.menus.match(appid, viewer);
  if (!menu) return problem('no_menu', 'the account has no menu');
  if ((body.key === undefined) === (body.url === undefined))
    return problem('bad_request', 'give exactly one of key or url');
  const button = findButton(menu.button, (b) =>
    body.key !== undefined
      ? KEYED_TYPES.has(b.type ?? '') && b.key === body.key
      : b.type === 'view' && b.url === body.url,
  );
  if (!button) return problem('unknown_button', `no such button in the menu ${body.openid} sees`);
  if (button.type === 'view') {
    // VIEW carries the menu's id when it comes from a conditional menu.
    return { Event: 'VIEW', EventKey: button.url!, ...(menu.menuid ? { MenuId: String(menu.menuid) } : {}) };
  }
  return { Event: button.type === 'click' ? 'CLICK' : button.type!, EventKey: button.key! };
}

/** A follower scanning gets SCAN; anyone else subscribes through the code (`qrscene_` + scene). */
function scanEvent(world: World, appid: string, openid: string, ticket: string) {
  const issued = world.qrcodes.find(ticket);
  if (!issued || issued.appid !== appid) return problem('unknown_ticket', 'no such QR ticket for this app');
  if (world.qrcodes.expired(issued)) return problem('expired_ticket', 'the QR code has expired');
  const scene = sceneOf(issued);
  return world.users.user(appid, openid)?.following
    ? { Event: 'SCAN', EventKey: scene, Ticket: ticket }
    : { Event: 'subscribe', EventKey: `qrscene_${scene}`, Ticket: ticket };
}

const STATUS: Record<string, number> = { unknown_ticket: 404, expired_ticket: 410, bad_request: 400 };

/** Answers a refused click or scan with its status, or pushes the event as the user. */
function pushEvent(
  world: World,
  reply: FastifyReply,
  target: EmulatorApp,
  body: { openid: string; wait?: boolean },
  event: Record<string, string> | { error: string; message: string },
) {
  if ('error' in event) return reply.code(STATUS[event.error] ?? 409).send(event);
  return pushAsUser(world, reply, { target, openid: body.openid, message: event, wait: body.wait });
}

function registerActions(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/users/click', { schema: { body: ClickBody } }, async (request, reply) => {
    const target = findApp(world, request.body);
    if (!target) return reply.code(404).send(unknownApp(request.body));
    return pushEvent(world, reply, target, request.body, clickEvent(world, target.appid, request.body));
  });
  typed.post('/users/scan', { schema: { body: ScanBody } }, async (request, reply) => {
    const target = findApp(world, request.body);
    if (!target) return reply.code(404).send(unknownApp(request.body));
    const { openid, ticket } = request.body;
    return pushEvent(world, reply, target, request.body, scanEvent(world, target.appid, openid, ticket));
  });
}

function registerReads(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const withApp = (
    query: { appid?: string; app?: string },
    reply: FastifyReply,
    read: (appid: string) => object,
  ) => {
    const target = findApp(world, query);
    return target ? { appid: target.appid, ...read(target.appid) } : reply.code(404).send(unknownApp(query));
  };
  typed.get('/menus', { schema: { querystring: OaAppQuery } }, async (request, reply) =>
    withApp(request.query, reply, (appid) => {
      const menus = world.menus.get(appid);
      return menus ? viewMenus(menus) : { menu: null };
    }),
  );
  typed.get('/tags', { schema: { querystring: OaAppQuery } }, async (request, reply) =>
    withApp(request.query, reply, (appid) => ({
      tags: world.tags.list(appid).map((tag) => ({ ...tag, openids: world.tags.members(appid, tag.id) })),
    })),
  );
  typed.get('/qrcodes', { schema: { querystring: OaAppQuery } }, async (request, reply) =>
    withApp(request.query, reply, (appid) => ({
      qrcodes: world.qrcodes.list(appid).map((qr) => ({ ...qr, expired: world.qrcodes.expired(qr) })),
    })),
  );
}

/** Registers the routes (mount with the `/__emulator` prefix). */
export async function officialAccountControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  registerActions(app, options.world);
  registerReads(app, options.world);
}
