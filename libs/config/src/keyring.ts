/**
 * Keys kept outside the database, given in the environment as `id:base64key` pairs separated by
 * commas, and the id of the one new data is sealed with. Every key listed can open, so a key
 * rotates without breaking what was sealed before it: add the new key, make it current, re-seal
 * or let old data age out, then drop the old key (docs/operations.md, keys). The Temporal payload
 * codec and webhook secrets at rest use it alike, each with keys of its own.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a key list setting must look like; the settings validate against it. */
export const KEY_LIST_PATTERN = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/;

export class Keyring {
  /**
   * @param keys key id → 32-byte key; every key listed can open
   * @param currentKeyId the key new data is sealed with
   */
  constructor(
    readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
    private readonly what = 'key',
  ) {
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`${capitalise(what)} ${id} must be 32 bytes`);
    if (!keys.has(currentKeyId)) throw new Error(`No ${what} with id ${currentKeyId}`);
  }

  /** AES-256-GCM under the current key: the iv, the ciphertext and the tag, in one buffer. */
  seal(plain: Uint8Array, associated?: Uint8Array): { keyId: string; data: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    if (associated) cipher.setAAD(associated);
    return { keyId: this.currentKeyId, data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]) };
  }

  /** Opens what `seal` made with any key listed; throws if the key is unknown or the data was changed. */
  open(keyId: string, data: Uint8Array, associated?: Uint8Array): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`No ${this.what} with id ${keyId} to open with`);
    const bytes = Buffer.from(data);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    if (associated) decipher.setAAD(associated);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  }
}

/** Parses `id:base64key,id2:base64key`; `setting` names the list in the error. */
export function parseKeyList(value: string, setting: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, b64] = entry.split(':');
    if (!id || !b64) throw new Error(`${setting} must be id:base64key pairs separated by commas`);
    keys.set(id, Buffer.from(b64, 'base64'));
  }
  return keys;
}

/**
 * The keyring a pair of settings names; without the list, a development key, which protects
 * nothing outside a developer's machine (production refuses to start without the list).
 */
export function keyringFrom(list: string | undefined, currentKeyId: string | undefined, setting: string, what: string, developmentKey: Buffer): Keyring {
  if (!list) return new Keyring(new Map([[DEVELOPMENT_KEY_ID, developmentKey]]), DEVELOPMENT_KEY_ID, what);
  if (!currentKeyId) throw new Error(`${setting.replace(/KEYS$/, 'KEY_ID')} is required with ${setting}: the id of the key new data is sealed with`);
  return new Keyring(parseKeyList(list, setting), currentKeyId, what);
}

export const DEVELOPMENT_KEY_ID = 'development';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
