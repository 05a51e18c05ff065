/**
 * The person replied STOP to a text (GOV.UK Notify's received-text callback, apps/api
 * received-texts): consent is withdrawn on every pathway whose recorded number is theirs, the
 * number erased as a staff withdrawal erases it, and the withdrawal marked as the person's own.
 * Texts still to go are then not sent: the send activity asks textingContact first.
 */
import type { DataSource } from 'typeorm';
import { contactBox, type ContactKeySettings } from './contact-box';

/** Who withdrew, in pathway_contacts.withdrawn_by: the person, by a text reply (no staff member, no organisation). */
export const WITHDRAWN_BY_TEXT_REPLY = 'person:text-reply';
/** withdrawn_by_org must be set with withdrawn_at; the person belongs to no organisation. */
const NO_ORGANISATION = 'person';

export function withdrawnByTextReply(withdrawnBy: string | null): boolean {
  return withdrawnBy === WITHDRAWN_BY_TEXT_REPLY;
}

/**
 * Withdraws consent wherever `mobileNumber` (E.164) is the recorded number, and returns those
 * pathways' ids. Numbers are sealed with a random IV, so equal numbers cannot be matched in
 * SQL: every number that could still be texted is opened and compared. That is bounded by the
 * open pathways holding a number with consent (a few thousand at most), since a closed pathway,
 * a withdrawn contact or one without consent is never texted. The rows are locked, so a number
 * recorded again meanwhile is not erased by a STOP meant for the one before.
 */
export async function withdrawByTextReply(dataSource: DataSource, settings: ContactKeySettings, mobileNumber: string): Promise<string[]> {
  const box = contactBox(settings);
  return dataSource.transaction(async (tx) => {
    const rows = (await tx.query(
      `SELECT c.pathway_id, c.key_id, c.mobile_ciphertext FROM pathway_contacts c JOIN pathways p ON p.id = c.pathway_id
        WHERE c.consent_to_text AND c.withdrawn_at IS NULL AND c.mobile_ciphertext IS NOT NULL AND p.status <> 'closed'
        FOR UPDATE OF c`,
    )) as Array<{ pathway_id: string; key_id: string; mobile_ciphertext: Buffer }>;
    const matched = rows
      .filter((row) => box.open(row.pathway_id, { keyId: row.key_id, ciphertext: row.mobile_ciphertext }) === mobileNumber)
      .map((row) => row.pathway_id);
    if (matched.length === 0) return [];
    await tx.query(
      `UPDATE pathway_contacts SET key_id = NULL, mobile_ciphertext = NULL, withdrawn_by = $2, withdrawn_by_name = NULL, withdrawn_by_org = $3, withdrawn_at = now()
        WHERE pathway_id = ANY($1::uuid[])`,
      [matched, WITHDRAWN_BY_TEXT_REPLY, NO_ORGANISATION],
    );
    return matched;
  });
}
