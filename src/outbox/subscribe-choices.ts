/** @module Subscribe-message choices of Mini Program users, recorded from their push events. */
import type { InboundMessage, Middleware } from '../callback/index.js';
import type { Clock, Store } from '../kernel/ports/index.js';

export interface SubscribeChoices {
  /** Stores the latest `accept` / `reject` / `ban` of one template by one user. */
  record(app: string, openid: string, templateId: string, status: string): Promise<void>;
  status(app: string, openid: string, templateId: string): Promise<string | undefined>;
}

export function createSubscribeChoices(deps: { store: Store; clock: Clock }): SubscribeChoices {
  const { db } = deps.store;
  return {
    async record(app, openid, templateId, status) {
      const updated_at = deps.clock.now();
      await db
        .insertInto('wegate_subscribe_choices')
        .values({ app, openid, template_id: templateId, status, updated_at })
        .onConflict((oc) => oc.columns(['app', 'openid', 'template_id']).doUpdateSet({ status, updated_at }))
        .execute();
    },
    async status(app, openid, templateId) {
      const row = await db
        .selectFrom('wegate_subscribe_choices')
        .select('status')
        .where('app', '=', app)
        .where('openid', '=', openid)
        .where('template_id', '=', templateId)
        .executeTakeFirst();
      return row?.status;
    },
  };
}

/** A refused template: WeChat would answer 43101, so the outbox skips the call. */
export const REFUSED_CHOICES: ReadonlySet<string> = new Set(['reject', 'ban']);

// The popup answer and a later change in the settings page both carry the current status; the
// "sent" event only reports a delivery and says nothing about consent.
const CHOICE_EVENTS = new Set(['subscribe_msg_popup_event', 'subscribe_msg_change_event']);

/**
 * A callback middleware for Mini Program apps: records each `List` item of the subscribe events
 * (TemplateId + SubscribeStatusString) under `appName`, then lets the chain answer as usual.
 */
export function subscribeChoiceMiddleware<Ctx>(choices: SubscribeChoices, appName: string): Middleware<Ctx> {
  return async (message: InboundMessage, _ctx, next) => {
    const fields = message as unknown as Record<string, unknown>;
    const event = fields['Event'];
    if (typeof event === 'string' && CHOICE_EVENTS.has(event) && Array.isArray(fields['List'])) {
      const openid = String(fields['FromUserName']);
      for (const item of fields['List'] as Array<Record<string, unknown>>) {
        const templateId = item['TemplateId'];
        const status = item['SubscribeStatusString'];
        if (typeof templateId === 'string' && typeof status === 'string') {
          await choices.record(appName, openid, templateId, status);
        }
      }
    }
    return next();
  };
}
