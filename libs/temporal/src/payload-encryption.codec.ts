/**
 * Encrypts every Temporal payload with AES-256-GCM, as defence in depth: workflow inputs carry
 * no personal identifiers by design, but staff free text (a decline reason) and clinical flags
 * pass through histories. Each payload names its key id, and several keys can decode, so keys
 * rotate without breaking running pathways. Payloads written before encryption pass through.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadEncryptionCodec implements PayloadCodec {
  /**
   * @param keys key id → 32-byte key; every key listed can decode
   * @param currentKeyId the key new payloads are encrypted with
   */
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly currentKeyId: string,
  ) {
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`Payload key ${id} must be 32 bytes`);
    if (!keys.has(currentKeyId)) throw new Error(`No payload key with id ${currentKeyId}`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(this.currentKeyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyId = decoder.decode(payload.metadata![KEY_ID] ?? new Uint8Array());
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`No payload key with id ${keyId} to decode with`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** Signs nothing and protects nothing outside a developer's machine; production refuses it. */
export const DEVELOPMENT_PAYLOAD_KEY_ID = 'development';
export const DEVELOPMENT_PAYLOAD_KEY = Buffer.from('throughcare-development-payload-key-000000', 'utf8').subarray(0, 32);

/** Parses `id:base64key,id2:base64key`. */
export function parsePayloadKeys(value: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, b64] = entry.split(':');
    if (!id || !b64) throw new Error('TEMPORAL_PAYLOAD_KEYS must be id:base64key pairs separated by commas');
    keys.set(id, Buffer.from(b64, 'base64'));
  }
  return keys;
}
