/** The activities the pathway workflow calls; implemented in apps/worker. */
import type { PathwayFailureRecord, PathwaySnapshot, SnapshotWriteResult } from './pathway.types';

export interface PathwayActivities {
  /**
   * Idempotent upsert of the pathway's read model, ignoring writes older than the stored
   * version. Retried without limit while PostgreSQL is away; a write it can never make whole
   * is stored as far as it can be, recorded as a fault, and what was left out is returned.
   */
  recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<SnapshotWriteResult | void>;
  /** Marks the pathway failed, with a reason code only. */
  recordPathwayFailure(failure: PathwayFailureRecord): Promise<void>;
}
