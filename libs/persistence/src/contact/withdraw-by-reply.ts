/**
 * The person replied STOP to a text (GOV.UK Notify's received-text callback, apps/api
 * received-texts): consent is withdrawn on every pathway whose recorded number is theirs, the
 * number erased as a staff withdrawal erases it, and the withdrawal marked as the person's own.
 * Texts still to go are then not sent: the send activity asks textingContact first.
 */
import type { DataSource } from 'typeorm';
import { contactBox, type ContactBox, type ContactKeySettings } from './contact-box';

/** Who withdrew, in pathway_contacts.withdrawn_by: the person, by a text reply (no staff member, no organisation). */
export const WITHDRAWN_BY_TEXT_REPLY = 'person:text-reply';
/** withdrawn_by_org must be set with withdrawn_at; the person belongs to no organisation. */
const NO_ORGANISATION = 'person';

export function withdrawnByTextReply(withdrawnBy: string | null): boolean {
  return withdrawnBy === WITHDRAWN_BY_TEXT_REPLY;
}

/** A recorded number as it was read for matching: which pathway, and which recording of it. */
export interface ReadRecording {
  pathway_id: string;
  key_id: string;
  mobile_ciphertext: Buffer;
  /** As PostgreSQL's text, to the microsecond (a JavaScript Date keeps only milliseconds). */
  recorded_at: string;
}

/**
 * Withdraws consent wherever `mobileNumber` (E.164) is the recorded number, and returns those
 * pathways' ids. Numbers are sealed with a random IV, so equal numbers cannot be matched in
 * SQL: every number that could still be texted is opened and compared. That is bounded by the
 * open pathways holding a number with consent (a few thousand at most), since a closed pathway,
 * a withdrawn contact or one without consent is never texted. Nothing is locked while they are
 * opened; each match is then withdrawn only if it is still the recording that was read.
 */
export async function withdrawByTextReply(dataSource: DataSource, settings: ContactKeySettings, mobileNumber: string): Promise<string[]> {
  const box = contactBox(settings);
  const rows = (await dataSource.query(
    `SELECT c.pathway_id, c.key_id, c.mobile_ciphertext, c.recorded_at::text AS recorded_at FROM pathway_contacts c JOIN pathways p ON p.id = c.pathway_id
      WHERE c.consent_to_text AND c.withdrawn_at IS NULL AND c.mobile_ciphertext IS NOT NULL AND p.status <> 'closed'`,
  )) as ReadRecording[];
  const withdrawn: string[] = [];
  for (const row of rows.filter((r) => openOrNull(box, r) === mobileNumber)) {
    if (await withdrawRecording(dataSource, row)) withdrawn.push(row.pathway_id);
  }
  return withdrawn;
}

/**
 * Erases the number of the recording that was read, if it is still the pathway's: the same
 * `recorded_at`, whatever key seals it now, so a `contact-keys:reseal` between the read and
 * this write (a new ciphertext of the same number) does not lose the person's STOP; a number
 * recorded again meanwhile (a new recording, perhaps with consent given again) is not erased by
 * a STOP meant for the one before.
 */
export async function withdrawRecording(db: Pick<DataSource, 'query'>, read: Pick<ReadRecording, 'pathway_id' | 'recorded_at'>): Promise<boolean> {
  const [updated] = (await db.query(
    `UPDATE pathway_contacts SET key_id = NULL, mobile_ciphertext = NULL, withdrawn_by = $3, withdrawn_by_name = NULL, withdrawn_by_org = $4, withdrawn_at = now()
      WHERE pathway_id = $1 AND recorded_at = $2::timestamptz AND withdrawn_at IS NULL RETURNING pathway_id`,
    [read.pathway_id, read.recorded_at, WITHDRAWN_BY_TEXT_REPLY, NO_ORGANISATION],
  )) as [Array<{ pathway_id: string }>, number];
  return updated.length > 0;
}

/**
 * A number sealed under a key no longer configured cannot be texted either (textingContact fails
 * on it, and contact-keys:reseal names it); it must not stop the person's STOP reaching their
 * other pathways, so it is passed over here.
 */
function openOrNull(box: ContactBox, row: ReadRecording): string | null {
  try {
    return box.open(row.pathway_id, { keyId: row.key_id, ciphertext: row.mobile_ciphertext });
  } catch {
    return null;
  }
}
