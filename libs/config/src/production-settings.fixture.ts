/** For the config specs: the least a production process boots with (its own keys and identity provider). */
export const developmentBase = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

export const productionSettings = {
  ...developmentBase,
  NODE_ENV: 'production',
  AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'throughcare-api',
  TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  TEMPORAL_PAYLOAD_KEY_ID: 'k1',
  WEBHOOK_SECRET_KEYS: `w1:${Buffer.alloc(32, 2).toString('base64')}`,
  WEBHOOK_SECRET_KEY_ID: 'w1',
  CONTACT_KEYS: `c1:${Buffer.alloc(32, 3).toString('base64')}`,
  CONTACT_KEY_ID: 'c1',
  TEMPORAL_UI_ORIGINS: 'https://temporal.example',
  WEB_BASE_URL: 'https://throughcare.example',
  FHIR_BASE_URL: 'https://throughcare.example/fhir/R4',
  NOTIFY_EMAIL_ENABLED: 'false',
};

/** Prisoner Search and HMPPS Auth, which production needs while HMPPS events are on. */
export const prisonerSearchSettings = {
  PRISONER_SEARCH_URL: 'https://prisoner-search.prison.service.justice.gov.uk',
  HMPPS_AUTH_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth',
  HMPPS_CLIENT_ID: 'throughcare',
  HMPPS_CLIENT_SECRET: 'a-secret',
};
