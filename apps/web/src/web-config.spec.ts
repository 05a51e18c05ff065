import { loadWebConfig } from './web-config';

const base = { DATABASE_URL: 'postgres://localhost/x' };
const production = {
  ...base,
  NODE_ENV: 'production',
  API_URL: 'https://api.throughcare.example',
  WEB_SESSION_SECRET: 'a-session-secret-of-at-least-thirty-two-characters',
  WEB_OIDC_ISSUER: 'https://idp.example/',
  WEB_OIDC_CLIENT_ID: 'throughcare-web',
  WEB_OIDC_REDIRECT_URI: 'https://throughcare.example/sign-in/callback',
};

describe('the web app configuration', () => {
  it('starts on development defaults with the development sign-in, through the loader the API and worker use', () => {
    const config = loadWebConfig(base);
    expect(config).toMatchObject({ NODE_ENV: 'development', WEB_PORT: 3001, API_URL: 'http://127.0.0.1:3000', WEB_SESSION_MINUTES: 480 });
    expect(config.developmentSignIn).toBe(true);
    expect(config.sessionSecret).toMatch(/development/);
    // The API's settings are not the pages' to read.
    expect(() => (config as unknown as { PORT: number }).PORT).toThrow(/PORT is not among this process's settings/);
  });

  it('refuses production without a session secret or an identity provider, or with an http URL, naming each', () => {
    const config = loadWebConfig(production);
    expect(config.developmentSignIn).toBe(false);
    expect(config.sessionSecret).toBe(production.WEB_SESSION_SECRET);
    expect(() => loadWebConfig({ ...production, WEB_SESSION_SECRET: undefined })).toThrow(/WEB_SESSION_SECRET: required in production/);
    expect(() => loadWebConfig({ ...production, WEB_SESSION_SECRET: 'short' })).toThrow(/WEB_SESSION_SECRET/);
    expect(() => loadWebConfig({ ...production, WEB_OIDC_ISSUER: '' })).toThrow(/WEB_OIDC_ISSUER: required in production/);
    expect(() => loadWebConfig({ ...production, API_URL: 'http://api:3000' })).toThrow(/API_URL: must be https in production/);
    expect(loadWebConfig({ ...production, API_URL: 'http://api:3000', ALLOW_HTTP_URLS: 'true' }).API_URL).toBe('http://api:3000');
  });
});
