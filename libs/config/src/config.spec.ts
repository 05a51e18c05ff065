import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

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
    const production = {
      ...base,
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'throughcare-api',
      TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      TEMPORAL_PAYLOAD_KEY_ID: 'k1',
    };
    expect(loadConfig(production).NODE_ENV).toBe('production');
    expect(() => loadConfig({ ...production, AUTH_ISSUER: undefined })).toThrow(/AUTH_ISSUER/);
  });

  it('bounds how long a change may wait and how long a token may live, with defaults of 20 s and 12 h', () => {
    expect(loadConfig(base)).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 20, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 720 });
    expect(loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: '5', AUTH_MAX_TOKEN_LIFETIME_MINUTES: '60' })).toMatchObject({ UPDATE_TIMEOUT_SECONDS: 5, AUTH_MAX_TOKEN_LIFETIME_MINUTES: 60 });
    for (const bad of ['0', '-1', 'soon', '1.5', '301']) expect(() => loadConfig({ ...base, UPDATE_TIMEOUT_SECONDS: bad })).toThrow(/UPDATE_TIMEOUT_SECONDS/);
    for (const bad of ['0', 'forever', '100000']) expect(() => loadConfig({ ...base, AUTH_MAX_TOKEN_LIFETIME_MINUTES: bad })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_MINUTES/);
  });
});
