import { randomBytes } from 'node:crypto';
import { webhookSecrets } from './webhook-secrets';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const ENDPOINT = '6f1b7e52-6c1d-4a57-9a31-2d1f0c9f6b10';
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe('webhook secrets at rest', () => {
  it('seals a secret so that nothing of it shows, and opens it for the endpoint it was sealed for only', () => {
    const box = webhookSecrets({ WEBHOOK_SECRET_KEYS: key('w1'), WEBHOOK_SECRET_KEY_ID: 'w1' });
    const sealed = box.seal(ENDPOINT, SECRET);
    expect(sealed).toMatch(/^sealed:w1:/);
    expect(sealed).not.toContain(SECRET.slice(6, 20));
    expect(box.open(ENDPOINT, sealed)).toBe(SECRET);
    expect(() => box.open('0b6d7c1e-0000-4000-8000-000000000000', sealed)).toThrow();
    expect(() => box.open(ENDPOINT, SECRET)).toThrow(/not sealed/);
  });

  it('opens secrets sealed under a retired key after a rotation, and seals new ones under the current key', () => {
    const [old, fresh] = [key('w1'), key('w2')];
    const before = webhookSecrets({ WEBHOOK_SECRET_KEYS: old, WEBHOOK_SECRET_KEY_ID: 'w1' });
    const after = webhookSecrets({ WEBHOOK_SECRET_KEYS: `${old},${fresh}`, WEBHOOK_SECRET_KEY_ID: 'w2' });
    const sealedBefore = before.seal(ENDPOINT, SECRET);
    expect(after.open(ENDPOINT, sealedBefore)).toBe(SECRET);
    expect(after.isCurrent(sealedBefore)).toBe(false);
    expect(after.seal(ENDPOINT, SECRET)).toMatch(/^sealed:w2:/);
    // Once the old key is dropped, only what was re-sealed opens.
    const dropped = webhookSecrets({ WEBHOOK_SECRET_KEYS: fresh, WEBHOOK_SECRET_KEY_ID: 'w2' });
    expect(() => dropped.open(ENDPOINT, sealedBefore)).toThrow(/No webhook secret key with id w1/);
    expect(dropped.open(ENDPOINT, after.seal(ENDPOINT, SECRET))).toBe(SECRET);
  });

  it('refuses production on the development key', () => {
    expect(() => webhookSecrets({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET_KEYS: required in production/);
    expect(webhookSecrets({ NODE_ENV: 'development' }).seal(ENDPOINT, SECRET)).toMatch(/^sealed:development:/);
    expect(() => webhookSecrets({ WEBHOOK_SECRET_KEYS: key('w1') })).toThrow(/WEBHOOK_SECRET_KEY_ID is required with WEBHOOK_SECRET_KEYS/);
  });
});
