import { loadApiConfig, loadConfig, loadWorkerConfig } from './config';
import { ConfigError } from './load-settings';
import { developmentBase, prisonerSearchSettings, productionSettings } from './production-settings.fixture';

const base = developmentBase;
const production = productionSettings;
const prisonerSearch = prisonerSearchSettings;

const key = 'throughcare_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const templates = { NOTIFY_TEMPLATE_ID_IMMEDIATE: 'f33517ff-2a88-4f6e-b855-c550268ce08a', NOTIFY_TEMPLATE_ID_DIGEST: '0ba83dc4-1f4f-4b3c-8f7f-6d8e0b0f3c2a' };

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
    expect(() => loadConfig({ ...production, WEBHOOK_SECRET_KEYS: undefined })).toThrow(/WEBHOOK_SECRET_KEYS: required in production/);
    expect(() => loadConfig({ ...production, CONTACT_KEYS: undefined })).toThrow(/CONTACT_KEYS: required in production/);
    expect(() => loadConfig({ ...base, CONTACT_KEYS: 'not a key list' })).toThrow(/CONTACT_KEYS must be id:base64key pairs/);
  });

  it('refuses production without the web address, the CORS origins or a Notify key while e-mail is on, naming each', () => {
    for (const name of ['WEB_BASE_URL', 'TEMPORAL_UI_ORIGINS']) {
      expect(() => loadConfig({ ...production, [name]: undefined })).toThrow(new RegExp(`${name}: required in production`));
      // An empty variable is unset: the default is not taken silently.
      expect(() => loadConfig({ ...production, [name]: '' })).toThrow(new RegExp(`${name}: required in production`));
    }
    expect(() => loadConfig({ ...production, NOTIFY_EMAIL_ENABLED: undefined })).toThrow(/NOTIFY_API_KEY: required when e-mail is on \(as it is in production unless NOTIFY_EMAIL_ENABLED=false\)/);
    expect(() => loadConfig({ ...base, NOTIFY_EMAIL_ENABLED: 'true' })).toThrow(/NOTIFY_API_KEY: required when e-mail is on \(NOTIFY_EMAIL_ENABLED=true\)/);
    expect(() => loadConfig({ ...base, NOTIFY_EMAIL_ENABLED: 'false', NOTIFY_API_KEY: key, ...templates })).toThrow(/give one or the other/);
    expect(loadConfig({ ...production, NOTIFY_EMAIL_ENABLED: undefined, NOTIFY_API_KEY: key, ...templates }).NOTIFY_API_KEY).toBe(key);
  });

  it('refuses any http URL in production unless ALLOW_HTTP_URLS says so, for a production-like run on one machine', () => {
    for (const [name, value] of [
      ['WEB_BASE_URL', 'http://throughcare.example'],
      ['TEMPORAL_UI_ORIGINS', 'https://temporal.example,http://localhost:8233'],
      ['AUTH_JWKS_URL', 'http://idp.example/jwks.json'],
      ['NOTIFY_BASE_URL', 'http://notify.example'],
      ['HMPPS_EVENTS_QUEUE_URL', 'http://sqs.example/queue'],
    ]) {
      expect(() => loadConfig({ ...production, [name]: value })).toThrow(new RegExp(`${name}: must be https in production`));
      // Events on in production need the real Prisoner Search too.
      const alsoNeeded = name === 'HMPPS_EVENTS_QUEUE_URL' ? prisonerSearch : {};
      expect(loadConfig({ ...production, ...alsoNeeded, [name]: value, ALLOW_HTTP_URLS: 'true' })).toMatchObject({ [name]: value });
      // Outside production, http is a developer's machine.
      expect(loadConfig({ ...base, [name]: value, AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toMatchObject({ [name]: value });
    }
    expect(() => loadConfig({ ...production, ALLOW_HTTP_URLS: 'yes' })).toThrow(/ALLOW_HTTP_URLS must be true or false/);
  });

  it('gives each app its own groups: the API needs no web address, the worker no CORS origins, and neither reads what it did not load', () => {
    const api = loadApiConfig({ ...production, WEB_BASE_URL: undefined, NOTIFY_EMAIL_ENABLED: undefined });
    expect(api.TEMPORAL_UI_ORIGINS).toBe('https://temporal.example');
    expect(() => api.WEB_BASE_URL).toThrow(/WEB_BASE_URL is not among this process's settings: add WebLinkSettings/);
    expect(() => loadApiConfig({ ...production, TEMPORAL_UI_ORIGINS: undefined })).toThrow(/TEMPORAL_UI_ORIGINS: required in production/);
    const worker = loadWorkerConfig({ ...production, TEMPORAL_UI_ORIGINS: undefined, AUTH_JWKS_URL: undefined });
    expect(worker.WEB_BASE_URL).toBe('https://throughcare.example');
    // The import activities run in the worker, IMPORT_CONCURRENCY batches at once.
    expect(worker.IMPORT_CONCURRENCY).toBe(4);
    expect(() => worker.AUTH_JWKS_URL).toThrow(/AUTH_JWKS_URL is not among this process's settings: add AuthSettings/);
    expect(() => loadWorkerConfig({ ...production, WEB_BASE_URL: undefined })).toThrow(/WEB_BASE_URL: required in production/);
  });

  it('bounds how long a change may wait and how long a token may live, with defaults of 20 s and 12 h', () => {
    expect(loadConfig(base)).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 20, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 720 });
    expect(loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: '5', AUTH_MAX_TOKEN_LIFETIME_MINUTES: '60' })).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 5, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 60 });
    for (const bad of ['0', '-1', 'soon', '1.5', '301']) expect(() => loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: bad })).toThrow(/UPDATE_TIMEOUT_SECONDS/);
    for (const bad of ['0', 'forever', '100000']) expect(() => loadConfig({ ...base, AUTH_MAX_TOKEN_LIFETIME_MINUTES: bad })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_MINUTES/);
  });

  it('leaves e-mail off without a Notify key, and with one requires both template ids', () => {
    expect(loadConfig(base)).toMatchObject({ NOTIFY_API_KEY: undefined, NOTIFY_BASE_URL: 'https://api.notifications.service.gov.uk', WEBHOOK_SECRET_OVERLAP_HOURS: 24 });
    expect(() => loadConfig({ ...base, NOTIFY_API_KEY: key })).toThrow(/NOTIFY_TEMPLATE_ID_IMMEDIATE[\s\S]*NOTIFY_TEMPLATE_ID_DIGEST/);
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

  it('takes replies to texts only with a Notify callback token of at least 32 characters, in the API', () => {
    expect(loadApiConfig(production).NOTIFY_INBOUND_TOKEN).toBeUndefined();
    const token = 'a'.repeat(32);
    expect(loadApiConfig({ ...production, NOTIFY_INBOUND_TOKEN: token }).NOTIFY_INBOUND_TOKEN).toBe(token);
    expect(() => loadApiConfig({ ...base, NOTIFY_INBOUND_TOKEN: 'a'.repeat(31) })).toThrow(/NOTIFY_INBOUND_TOKEN must be 32 to 1000 characters/);
  });
});
