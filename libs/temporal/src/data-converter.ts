/** The one data converter of the client, the worker and the replay tests: encrypted payloads and failures. */
import { DataConverter } from '@temporalio/common';
import { Config } from '@throughcare/config';
import { payloadKeyring, PayloadEncryptionCodec } from './payload-encryption.codec';

export function payloadCodec(config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEY_ID'>): PayloadEncryptionCodec {
  return new PayloadEncryptionCodec(payloadKeyring(config));
}

/** The failure converter's module, for the workflow bundle and the data converter. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function dataConverter(config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEY_ID'>): DataConverter {
  return { payloadCodecs: [payloadCodec(config)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
