/** @module Control routes of the emulated messaging: templates, subscribe popups, per-minute limits. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendAsUser } from '../user/simulate-user.js';
import type { World } from '../world/world.js';

const TemplateBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  template_id: Type.String({ minLength: 1, maxLength: 128 }),
  keys: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

const TemplatesQuery = Type.Object({ appid: Type.String({ minLength: 1 }) });

const SubscribeBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  openid: Type.String({ minLength: 1, maxLength: 128 }),
  template_id: Type.String({ minLength: 1, maxLength: 128 }),
  accept: Type.Boolean(),
  /** Push the popup event to the server (default true). */
  push: Type.Optional(Type.Boolean()),
});

const LimitsBody = Type.Object({ perMinute: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) });

const problem = (error: string, message: string) => ({ error, message });

/** Registers the routes (mount with the `/__emulator` prefix). */
export async function messagingControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/templates', { schema: { body: TemplateBody } }, async (request, reply) => {
    const { appid, template_id, keys, title } = request.body;
    if (!world.apps.get(appid)) return reply.code(404).send(problem('unknown_app', `no app ${appid}`));
    world.messaging.putTemplate({ appid, templateId: template_id, keys, ...(title && { title }) });
    return { appid, template_id, keys };
  });
  typed.get('/templates', { schema: { querystring: TemplatesQuery } }, async (request) => ({
    templates: world.messaging.templates(request.query.appid).map((def) => ({
      template_id: def.templateId,
      keys: def.keys,
      title: def.title ?? def.templateId,
    })),
  }));
  typed.post('/mp/subscribe', { schema: { body: SubscribeBody } }, async (request, reply) => {
    const { appid, openid, template_id, accept } = request.body;
    const target = world.apps.get(appid);
    if (!target) return reply.code(404).send(problem('unknown_app', `no app ${appid}`));
    world.messaging.recordChoice(appid, openid, template_id, accept);
    if (request.body.push === false) return { recorded: true };
    // The WeChat client pushes the popup's outcome to the Mini Program's message push URL.
    const item = {
      TemplateId: template_id,
      SubscribeStatusString: accept ? 'accept' : 'reject',
      PopupScene: 0,
    };
    const message = { Event: 'subscribe_msg_popup_event', List: [item] };
    const sent = await sendAsUser(world, { app: target, openid, message }).done;
    return { recorded: true, push: { id: sent.id, outcome: sent.outcome, error: sent.error } };
  });
  typed.post('/messaging/limits', { schema: { body: LimitsBody } }, async (request) => {
    world.messaging.setPerMinuteLimit(request.body.perMinute ?? undefined);
    return { perMinute: request.body.perMinute };
  });
}
