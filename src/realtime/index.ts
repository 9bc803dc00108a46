/**
 * @module Realtime push: publish events to topics (`user:<id>`, a plugin's own), delivered in order to every
 * subscriber on every instance (a Redis Stream per topic, one reader per process), resumable by offset.
 * @example
 * import { createRealtime } from 'wegate/realtime';
 * const realtime = createRealtime(); // memory; pass { redis } to share events across instances
 * const stop = realtime.subscribe('user:42', undefined, (e) => console.log(e.id, e.type, e.data));
 * await realtime.publish('user:42', { type: 'order.status', data: { id: 'o1', status: 'paid' } });
 * stop();
 */
export { createRealtime, type CreateRealtimeDeps, type RealtimeService } from './create-realtime.js';
export * from './realtime.types.js';
export { START_OFFSET, compareOffsets, isOffset } from './offsets.js';
export {
  createTopicAccess,
  isTopic,
  userTopic,
  type Subscriber,
  type TopicAccess,
  type TopicAuthorizer,
} from './topics.js';
export {
  openConnection,
  parseCursor,
  type Connection,
  type ConnectionOptions,
  type ConnectionSink,
  type Outgoing,
} from './open-connection.js';
export type { RealtimeMetrics, Transport } from './realtime-metrics.js';
