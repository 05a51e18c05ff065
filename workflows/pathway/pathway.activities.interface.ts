/** The activities the pathway workflow calls; implemented in apps/worker. */
import type { PathwaySnapshot } from './pathway.types';

export interface PathwayActivities {
  /** Idempotent upsert of the pathway's read model, ignoring writes older than the stored version. */
  recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<void>;
}
