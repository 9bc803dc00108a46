/** @module Pay reconciliation: pending orders are queried and settled or closed, on a repeating job. */
export {
  createReconciler,
  type Reconciler,
  type ReconcilerOptions,
  type ReconcileReport,
} from './create-reconciler.js';
export { RECONCILE_JOB, scheduleReconciler, type ScheduleReconcilerOptions } from './schedule-reconciler.js';
