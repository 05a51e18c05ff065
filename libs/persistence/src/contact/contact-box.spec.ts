import { randomBytes } from 'node:crypto';
import { contactBox } from './contact-box';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const PATHWAY = '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60';
const NUMBER = '+447700900123';

describe('mobile numbers at rest', () => {
  it('seals a number so that no digit of it shows, and opens it for the pathway it was sealed for only', () => {
    const box = contactBox({ CONTACT_KEYS: key('c1'), CONTACT_KEY_ID: 'c1' });
    const sealed = box.seal(PATHWAY, NUMBER);
    expect(sealed.keyId).toBe('c1');
    expect(sealed.ciphertext.toString('latin1')).not.toContain('7700900123');
    expect(sealed.ciphertext.toString('base64')).not.toContain(Buffer.from('7700900123').toString('base64'));
    expect(box.open(PATHWAY, sealed)).toBe(NUMBER);
    // The same number sealed twice differs (a fresh iv), so equal numbers cannot be matched up.
    expect(box.seal(PATHWAY, NUMBER).ciphertext.equals(sealed.ciphertext)).toBe(false);
    expect(() => box.open('0b6d7c1e-0000-4000-8000-000000000000', sealed)).toThrow();
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[14] ^= 1;
    expect(() => box.open(PATHWAY, { keyId: 'c1', ciphertext: tampered })).toThrow();
  });

  it('opens numbers sealed under a retired key after a rotation, seals new ones under the current key, and stops opening once the old key is dropped', () => {
    const [old, fresh] = [key('c1'), key('c2')];
    const before = contactBox({ CONTACT_KEYS: old, CONTACT_KEY_ID: 'c1' });
    const after = contactBox({ CONTACT_KEYS: `${old},${fresh}`, CONTACT_KEY_ID: 'c2' });
    const sealedBefore = before.seal(PATHWAY, NUMBER);
    expect(after.open(PATHWAY, sealedBefore)).toBe(NUMBER);
    const resealed = after.seal(PATHWAY, after.open(PATHWAY, sealedBefore));
    expect(resealed.keyId).toBe('c2');
    const dropped = contactBox({ CONTACT_KEYS: fresh, CONTACT_KEY_ID: 'c2' });
    expect(() => dropped.open(PATHWAY, sealedBefore)).toThrow(/No contact key with id c1/);
    expect(dropped.open(PATHWAY, resealed)).toBe(NUMBER);
  });

  it('refuses production on the development key', () => {
    expect(() => contactBox({ NODE_ENV: 'production' })).toThrow(/CONTACT_KEYS: required in production/);
    expect(contactBox({ NODE_ENV: 'development' }).seal(PATHWAY, NUMBER).keyId).toBe('development');
    expect(() => contactBox({ CONTACT_KEYS: key('c1') })).toThrow(/CONTACT_KEY_ID is required with CONTACT_KEYS/);
  });
});
