/**
 * @module Retention: rows older than their kind's setting are pruned in short batches by a scheduled
 * job, keeping what pending work and idempotency checks still read.
 */
export {
  createPruner,
  type Pruner,
  type PrunerOptions,
  type PruneReport,
  type RetentionSettings,
} from './create-pruner.js';
export {
  RETENTION_KINDS,
  RETENTION_RULES,
  type RetentionKind,
  type RetentionRule,
} from './retention-rules.js';
export { RETENTION_JOB, schedulePruner, type SchedulePrunerOptions } from './schedule-pruner.js';
