/** The one data converter of the client, the worker and the replay tests: encrypted payloads and failures. */
import { DataConverter } from '@temporalio/common';
import { Config } from '@throughcare/config';
import { DEVELOPMENT_PAYLOAD_KEY, DEVELOPMENT_PAYLOAD_KEY_ID, parsePayloadKeys, PayloadEncryptionCodec } from './payload-encryption.codec';

export function payloadCodec(config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEY_ID'>): PayloadEncryptionCodec {
  if (!config.TEMPORAL_PAYLOAD_KEYS) {
    return new PayloadEncryptionCodec(new Map([[DEVELOPMENT_PAYLOAD_KEY_ID, DEVELOPMENT_PAYLOAD_KEY]]), DEVELOPMENT_PAYLOAD_KEY_ID);
  }
  return new PayloadEncryptionCodec(parsePayloadKeys(config.TEMPORAL_PAYLOAD_KEYS), config.TEMPORAL_PAYLOAD_KEY_ID!);
}

/** The failure converter's module, for the workflow bundle and the data converter. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function dataConverter(config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEY_ID'>): DataConverter {
  return { payloadCodecs: [payloadCodec(config)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
