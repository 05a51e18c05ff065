import { loadConfig } from './config';

const production = {
  DATABASE_URL: 'postgres://localhost/x',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  NODE_ENV: 'production',
  AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'throughcare-api',
  TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  TEMPORAL_PAYLOAD_KEY_ID: 'k1',
  WEBHOOK_SECRET_KEYS: `w1:${Buffer.alloc(32, 2).toString('base64')}`,
  WEBHOOK_SECRET_KEY_ID: 'w1',
  TEMPORAL_UI_ORIGINS: 'https://temporal.example',
  WEB_BASE_URL: 'https://throughcare.example',
  FHIR_BASE_URL: 'https://throughcare.example/fhir/R4',
  NOTIFY_EMAIL_ENABLED: 'false',
};
const queue = { HMPPS_EVENTS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/throughcare-events' };
const search = {
  PRISONER_SEARCH_URL: 'https://prisoner-search.prison.service.justice.gov.uk',
  HMPPS_AUTH_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth',
  HMPPS_CLIENT_ID: 'throughcare',
  HMPPS_CLIENT_SECRET: 'a-secret',
};

describe('release-date settings', () => {
  it('refuses to start production with HMPPS events on and no Prisoner Search (the stand-in is for development)', () => {
    expect(() => loadConfig({ ...production, ...queue })).toThrow(/PRISONER_SEARCH_URL: required in production/);
    expect(loadConfig({ ...production, ...queue, ...search }).PRISONER_SEARCH_URL).toBe(search.PRISONER_SEARCH_URL);
    expect(loadConfig(production).PRISONER_SEARCH_URL).toBeUndefined();
  });

  it('needs HMPPS Auth and the client credentials with Prisoner Search', () => {
    expect(() => loadConfig({ ...production, ...queue, ...search, HMPPS_AUTH_URL: undefined, HMPPS_CLIENT_SECRET: undefined })).toThrow(/HMPPS_AUTH_URL[\s\S]*HMPPS_CLIENT_SECRET/);
  });

  it('gathers events for an hour by default, as Manage POM Cases does', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' }).INTAKE_DEBOUNCE_SECONDS).toBe(3600);
  });
});
