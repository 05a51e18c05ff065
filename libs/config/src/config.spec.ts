import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };
/** Production with its own keys and identity provider. */
const production = {
  ...base,
  NODE_ENV: 'production',
  AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'throughcare-api',
  TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  TEMPORAL_PAYLOAD_KEY_ID: 'k1',
};

describe('configuration', () => {
  it('starts a development process on defaults', () => {
    expect(loadConfig(base)).toMatchObject({ NODE_ENV: 'development', PORT: 3000, TEMPORAL_NAMESPACE: 'default' });
  });

  it('refuses to start without a database or Temporal', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL[\s\S]*TEMPORAL_ADDRESS/);
  });

  it('refuses production on the development signing and payload keys', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/TEMPORAL_PAYLOAD_KEYS/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URL/);
    expect(loadConfig(production).NODE_ENV).toBe('production');
    expect(() => loadConfig({ ...production, AUTH_ISSUER: undefined })).toThrow(/AUTH_ISSUER/);
  });

  it('bounds how long a change may wait and how long a token may live, with defaults of 20 s and 12 h', () => {
    expect(loadConfig(base)).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 20, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 720 });
    expect(loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: '5', AUTH_MAX_TOKEN_LIFETIME_MINUTES: '60' })).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 5, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 60 });
    for (const bad of ['0', '-1', 'soon', '1.5', '301']) expect(() => loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: bad })).toThrow(/UPDATE_TIMEOUT_SECONDS/);
    for (const bad of ['0', 'forever', '100000']) expect(() => loadConfig({ ...base, AUTH_MAX_TOKEN_LIFETIME_MINUTES: bad })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_MINUTES/);
  });

  it('leaves e-mail off without a Notify key, and with one requires both template ids', () => {
    expect(loadConfig(base)).toMatchObject({ NOTIFY_API_KEY: undefined, NOTIFY_BASE_URL: 'https://api.notifications.service.gov.uk', WEBHOOK_SECRET_OVERLAP_HOURS: 24 });
    const key = 'throughcare_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    expect(() => loadConfig({ ...base, NOTIFY_API_KEY: key })).toThrow(/NOTIFY_TEMPLATE_ID_IMMEDIATE[\s\S]*NOTIFY_TEMPLATE_ID_DIGEST/);
    const templates = { NOTIFY_TEMPLATE_ID_IMMEDIATE: 'f33517ff-2a88-4f6e-b855-c550268ce08a', NOTIFY_TEMPLATE_ID_DIGEST: '0ba83dc4-1f4f-4b3c-8f7f-6d8e0b0f3c2a' };
    expect(loadConfig({ ...base, NOTIFY_API_KEY: key, ...templates }).NOTIFY_API_KEY).toBe(key);
    expect(() => loadConfig({ ...base, NOTIFY_API_KEY: 'not-a-key', ...templates })).toThrow(/NOTIFY_API_KEY/);
    expect(() => loadConfig({ ...base, NOTIFY_API_KEY: key, ...templates, NOTIFY_TEMPLATE_ID_DIGEST: 'digest' })).toThrow(/NOTIFY_TEMPLATE_ID_DIGEST/);
    expect(() => loadConfig({ ...base, NOTIFICATION_RETRY_INITIAL_SECONDS: '0' })).toThrow(/NOTIFICATION_RETRY_INITIAL_SECONDS/);
  });

  it('allows webhooks to loopback and private addresses outside production only, and refuses to start production with them allowed', () => {
    expect(loadConfig(base).WEBHOOK_ALLOW_PRIVATE_DESTINATIONS).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).WEBHOOK_ALLOW_PRIVATE_DESTINATIONS).toBe(true);
    expect(loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'false' }).WEBHOOK_ALLOW_PRIVATE_DESTINATIONS).toBe(false);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_DESTINATIONS must be true or false/);
    expect(loadConfig(production).WEBHOOK_ALLOW_PRIVATE_DESTINATIONS).toBe(false);
    expect(() => loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: must be off in production/);
  });
});
