/**
 * A person's mobile number at rest (pathway_contacts): AES-256-GCM under CONTACT_KEYS, keys kept
 * outside the database and rotated as the webhook secrets' are (libs/config keyring.ts), each
 * number bound to its pathway's id so a ciphertext copied to another pathway does not open.
 * The number is sealed in E.164 and opened only to show it to the pathway's healthcare teams
 * (apps/api) or to text the person (textingContact).
 */
import { keyringFrom, type Keyring } from '@throughcare/config';

export interface ContactKeySettings {
  NODE_ENV?: string;
  CONTACT_KEYS?: string;
  CONTACT_KEY_ID?: string;
}

/** Protects nothing outside a developer's machine; production refuses to start without CONTACT_KEYS. */
export const DEVELOPMENT_CONTACT_KEY = Buffer.from('throughcare-development-contact-key-32', 'utf8').subarray(0, 32);

export interface SealedNumber {
  keyId: string;
  ciphertext: Buffer;
}

export class ContactBox {
  constructor(readonly keyring: Keyring) {}

  seal(pathwayId: string, mobileNumber: string): SealedNumber {
    const { keyId, data } = this.keyring.seal(Buffer.from(mobileNumber, 'utf8'), associated(pathwayId));
    return { keyId, ciphertext: data };
  }

  open(pathwayId: string, sealed: SealedNumber): string {
    return this.keyring.open(sealed.keyId, sealed.ciphertext, associated(pathwayId)).toString('utf8');
  }
}

const boxes = new WeakMap<object, ContactBox>();

/** The box for these settings (the process's validated config, or the environment), made once. */
export function contactBox(settings: ContactKeySettings): ContactBox {
  let box = boxes.get(settings);
  if (!box) {
    if (settings.NODE_ENV === 'production' && !settings.CONTACT_KEYS) {
      throw new Error('CONTACT_KEYS: required in production (the development contact key is refused)');
    }
    box = new ContactBox(keyringFrom(settings.CONTACT_KEYS, settings.CONTACT_KEY_ID, 'CONTACT_KEYS', 'contact key', DEVELOPMENT_CONTACT_KEY));
    boxes.set(settings, box);
  }
  return box;
}

function associated(pathwayId: string): Buffer {
  return Buffer.from(`pathway_contacts:${pathwayId.toLowerCase()}`, 'utf8');
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Re-seals every number under a key that is no longer current, in the caller's transaction:
 * the command that finishes a key rotation (`npm run contact-keys:reseal`). Returns how many
 * numbers it re-sealed.
 */
export async function resealContacts(db: Queryable, box: ContactBox): Promise<number> {
  const rows = (await db.query(
    `SELECT pathway_id, key_id, mobile_ciphertext FROM pathway_contacts
      WHERE mobile_ciphertext IS NOT NULL AND key_id <> $1 ORDER BY pathway_id FOR UPDATE`,
    [box.keyring.currentKeyId],
  )) as Array<{ pathway_id: string; key_id: string; mobile_ciphertext: Buffer }>;
  for (const row of rows) {
    const resealed = box.seal(row.pathway_id, box.open(row.pathway_id, { keyId: row.key_id, ciphertext: row.mobile_ciphertext }));
    await db.query(`UPDATE pathway_contacts SET key_id = $2, mobile_ciphertext = $3 WHERE pathway_id = $1`, [row.pathway_id, resealed.keyId, resealed.ciphertext]);
  }
  return rows.length;
}
