/**
 * Encrypts every Temporal payload with AES-256-GCM, as defence in depth: workflow inputs carry
 * no personal identifiers by design, but staff free text (a decline reason) and clinical flags
 * pass through histories. Each payload names its key id, and several keys can decode, so keys
 * rotate without breaking running pathways. Payloads written before encryption pass through.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DEVELOPMENT_KEY_ID, Keyring, keyringFrom } from '@throughcare/config';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly keyring: Keyring;

  /**
   * @param keys key id → 32-byte key; every key listed can decode
   * @param currentKeyId the key new payloads are encrypted with
   */
  constructor(keys: ReadonlyMap<string, Buffer> | Keyring, currentKeyId?: string) {
    this.keyring = keys instanceof Keyring ? keys : new Keyring(keys, currentKeyId!, 'payload key');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const { keyId, data } = this.keyring.seal(temporal.api.common.v1.Payload.encode(payload).finish());
      return { metadata: { encoding: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyId = decoder.decode(payload.metadata![KEY_ID] ?? new Uint8Array());
      return temporal.api.common.v1.Payload.decode(this.keyring.open(keyId, payload.data ?? new Uint8Array()));
    });
  }
}

/** Signs nothing and protects nothing outside a developer's machine; production refuses it. */
export const DEVELOPMENT_PAYLOAD_KEY_ID = DEVELOPMENT_KEY_ID;
export const DEVELOPMENT_PAYLOAD_KEY = Buffer.from('throughcare-development-payload-key-000000', 'utf8').subarray(0, 32);

/** The payload keyring TEMPORAL_PAYLOAD_KEYS and TEMPORAL_PAYLOAD_KEY_ID name (the development key without them). */
export function payloadKeyring(config: { TEMPORAL_PAYLOAD_KEYS?: string; TEMPORAL_PAYLOAD_KEY_ID?: string }): Keyring {
  return keyringFrom(config.TEMPORAL_PAYLOAD_KEYS, config.TEMPORAL_PAYLOAD_KEY_ID, 'TEMPORAL_PAYLOAD_KEYS', 'payload key', DEVELOPMENT_PAYLOAD_KEY);
}
