/**
 * The seam for text reminders: the number to text about a pathway, in E.164, or null when
 * there is none to use (no number recorded, the person did not agree to texts, or they
 * withdrew). The only way the texts' activities read a number; it never goes into a workflow
 * (histories are kept), a log or a message to an organisation.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { contactBox, type ContactKeySettings } from './contact-box';

export async function textingContact(db: DataSource | EntityManager, settings: ContactKeySettings, pathwayId: string): Promise<{ mobileNumber: string } | null> {
  const [row] = (await db.query(
    `SELECT key_id, mobile_ciphertext FROM pathway_contacts
      WHERE pathway_id = $1 AND consent_to_text AND withdrawn_at IS NULL AND mobile_ciphertext IS NOT NULL`,
    [pathwayId],
  )) as Array<{ key_id: string; mobile_ciphertext: Buffer }>;
  if (!row) return null;
  return { mobileNumber: contactBox(settings).open(pathwayId, { keyId: row.key_id, ciphertext: row.mobile_ciphertext }) };
}
