import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { failureConverter } from './failure-converter';
import { PayloadEncryptionCodec } from './payload-encryption.codec';

describe(PayloadEncryptionCodec.name, () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const payload = defaultPayloadConverter.toPayload({ reason: 'Lives outside our area' })!;

  it('hides the payload and gives it back whole', async () => {
    const sut = new PayloadEncryptionCodec(new Map([['k1', oldKey]]), 'k1');
    const [encrypted] = await sut.encode([payload]);
    expect(Buffer.from(encrypted.data!).toString('latin1')).not.toContain('outside');
    const [decoded] = await sut.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ reason: 'Lives outside our area' });
  });

  it('decodes payloads written with a retired key after rotation', async () => {
    const before = new PayloadEncryptionCodec(new Map([['k1', oldKey]]), 'k1');
    const after = new PayloadEncryptionCodec(new Map([['k1', oldKey], ['k2', newKey]]), 'k2');
    const [old] = await before.encode([payload]);
    const [fresh] = await after.encode([payload]);
    expect(new TextDecoder().decode(fresh.metadata!['encryption-key-id'])).toBe('k2');
    for (const p of await after.decode([old, fresh])) expect(defaultPayloadConverter.fromPayload(p)).toEqual({ reason: 'Lives outside our area' });
  });

  it('passes through payloads written before encryption, and refuses a tampered one', async () => {
    const sut = new PayloadEncryptionCodec(new Map([['k1', oldKey]]), 'k1');
    expect(await sut.decode([payload])).toEqual([payload]);
    const [encrypted] = await sut.encode([payload]);
    encrypted.data![20] ^= 0xff;
    await expect(sut.decode([encrypted])).rejects.toThrow();
  });

  it('refuses a key of the wrong length or an unknown current key', () => {
    expect(() => new PayloadEncryptionCodec(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow(/32 bytes/);
    expect(() => new PayloadEncryptionCodec(new Map([['k1', oldKey]]), 'k9')).toThrow(/k9/);
  });
});

describe('failures', () => {
  it('carry their message and stack only in the encoded attributes the codec encrypts', async () => {
    const failure = failureConverter.errorToFailure(new Error('duplicate key (prison_number)=(A1234BC)'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(JSON.stringify(defaultPayloadConverter.fromPayload(failure.encodedAttributes!))).toContain('A1234BC');
  });
});
