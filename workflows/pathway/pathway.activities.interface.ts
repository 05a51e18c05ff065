/** The activities the pathway workflow calls; implemented in apps/worker. */
import type {
  PathwayFailureRecord,
  PathwaySnapshot,
  SnapshotWriteResult,
  TextDeliveryStatus,
  TextSendResult,
  TextsRecord,
  TextToSend,
} from './pathway.types';

export interface PathwayActivities {
  /**
   * Idempotent upsert of the pathway's read model, ignoring writes older than the stored
   * version. Retried without limit while PostgreSQL is away; a write it can never make whole
   * is stored as far as it can be, recorded as a fault, and what was left out is returned.
   */
  recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<SnapshotWriteResult | void>;
  /** Marks the pathway failed, with a reason code only. */
  recordPathwayFailure(failure: PathwayFailureRecord): Promise<void>;
  /** Upserts the pathway's texts, each ignoring a write older than the stored version. */
  recordPathwayTexts(record: TextsRecord): Promise<void>;
}

/**
 * The texts' activities: they reach GOV.UK Notify, so they run as ordinary activities with a
 * bounded retry. The number is read from the database at send time, where consent is checked
 * too: it never enters the workflow.
 */
export interface TextActivities {
  /** Sends one text once, whatever the retries: a retry first asks Notify for the text's reference. */
  sendText(text: TextToSend): Promise<TextSendResult>;
  /** Notify's state of a sent text. */
  readTextDelivery(query: { notifyId: string }): Promise<TextDeliveryStatus>;
}
