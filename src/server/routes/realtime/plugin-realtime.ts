/** @module pluginRealtime(): what a plugin's `ctx.realtime` is — publish, subscribe, and authorise topics for signed-in users. */
import type { AuthUser, PluginRealtime } from '../../define-plugin.js';
import type { RealtimeService } from '../../../realtime/index.js';

export function pluginRealtime(realtime: RealtimeService): PluginRealtime {
  return {
    publish: (topic, event) => realtime.publish(topic, event),
    subscribe: (topic, fromOffset, onEvent) => realtime.subscribe(topic, fromOffset, onEvent),
    // The routes ask only about `request.user`, set by requireUser: an AuthUser.
    authorize: (fn) => realtime.authorize((user, topic) => fn(user as AuthUser, topic)),
  };
}
