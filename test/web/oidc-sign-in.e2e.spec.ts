/**
 * Signing in to the web pages with OpenID Connect, against a stand-in identity provider on
 * loopback (`oidc-provider`): the web app sends the browser to the provider (authorisation code
 * with PKCE), the person signs in there, the web app gets an access token for the API, and the
 * API trusts it because it verifies tokens against the stand-in's JWKS (AUTH_JWKS_URL), not
 * the development key. In production the development sign-in is refused.
 */
import { INestApplication } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { Browser, chromium } from 'playwright-core';
import pg from 'pg';
import { createWebApp } from '../../apps/web/src/bootstrap';
import { loadWebConfig } from '../../apps/web/src/web-config';
import { freePort } from '../support/free-port';
import { startApi, suiteConfig, tokenFor } from '../support/system';
import { accessibilityViolations } from './web-app';

const CLIENT_ID = 'throughcare-web';
const CLIENT_SECRET = 'stand-in-client-secret-for-tests-only';
const AUDIENCE = 'throughcare-api';
/** The API as a resource indicator (RFC 8707: an absolute URI). */
const RESOURCE = 'urn:throughcare:api';
/** Who the stand-in says signs in: a nurse at HMP Leeds. */
const NURSE = { name: 'Nurse Stand-in', org: 'LEI', roles: ['prison-healthcare'] };

describe('signing in with OpenID Connect', () => {
  let issuer: string;
  let provider: Server;
  let api: INestApplication;
  let apiUrl: string;
  let browser: Browser;
  let webUrl: string;
  const closers: Array<() => Promise<void>> = [];

  /** The stand-in identity provider at `issuer`, for a web app whose callback is `redirectUri`. */
  async function standIn(issuer: string, redirectUri: string): Promise<Server> {
    const { default: Provider } = await import('oidc-provider');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // Its warnings that it is a development set-up (in-memory store, its own sign-in pages) are what this stand-in is.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stand = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'stand-in', alg: 'RS256', use: 'sig' }] as never },
      findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, name: NURSE.name }) }),
      features: {
        resourceIndicators: {
          enabled: true,
          // The API is the one resource: its access tokens are JWTs for the API's audience.
          defaultResource: async () => RESOURCE,
          useGrantedResource: async () => true,
          getResourceServerInfo: async () => ({ scope: 'profile', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
        },
      },
      extraTokenClaims: async () => NURSE,
      ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    });
    warn.mockRestore();
    const server = stand.listen(Number(new URL(issuer).port), '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return server;
  }

  /** A web app signing in with the identity provider at `issuer`. */
  async function webAppFor(issuer: string, webPort: number): Promise<string> {
    const web = await createWebApp(
      loadWebConfig({
        ...process.env,
        API_URL: apiUrl,
        WEB_PORT: String(webPort),
        WEB_OIDC_ISSUER: issuer,
        WEB_OIDC_CLIENT_ID: CLIENT_ID,
        WEB_OIDC_CLIENT_SECRET: CLIENT_SECRET,
        WEB_OIDC_REDIRECT_URI: `http://127.0.0.1:${webPort}/sign-in/callback`,
      }),
    );
    await web.app.listen(webPort, '127.0.0.1');
    closers.push(web.close);
    return `http://127.0.0.1:${webPort}`;
  }

  beforeAll(async () => {
    issuer = `http://127.0.0.1:${await freePort()}`;
    const webPort = await freePort();
    provider = await standIn(issuer, `http://127.0.0.1:${webPort}/sign-in/callback`);

    // The API trusts the stand-in's keys, for its audience, and nothing signed with the development key.
    ({ app: api, url: apiUrl } = await startApi(suiteConfig({ AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: AUDIENCE })));
    apiUrl = apiUrl.replace('[::1]', '127.0.0.1');
    webUrl = await webAppFor(issuer, webPort);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });

  afterAll(async () => {
    await browser?.close();
    for (const close of closers) await close();
    await api?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  it('sends the browser to the identity provider, and shows the worklist with the token the API trusts', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${webUrl}/`);
    // At the provider: its own sign-in page, then its consent.
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('input[name="login"]').fill('nurse-1');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back at the web app, signed in with the provider's token: the API answered the worklist with it.
    await page.waitForURL(`${webUrl}/`);
    expect(await page.locator('h1').innerText()).toMatch(/^Worklist/);
    expect(await page.getByText(`Signed in as ${NURSE.name}, ${NURSE.org}`).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Register a release' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
    // This API trusts the stand-in's keys only: a token signed with the development key is refused.
    const development = await fetch(`${apiUrl}/v1/tasks`, { headers: { authorization: `Bearer ${await tokenFor('LEI', 'prison-healthcare')}` } });
    expect(development.status).toBe(401);
  });

  it('stores no session for sign-ins begun and not finished, and refuses a callback with an attempt cookie it did not make', async () => {
    const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      for (let i = 0; i < 20; i++) {
        const begun = await fetch(`${webUrl}/sign-in`, { redirect: 'manual' });
        expect(begun.status).toBe(303);
        expect(new URL(begun.headers.get('location')!).origin).toBe(issuer);
        // The attempt in its own short-lived cookie, and no session cookie.
        expect(begun.headers.getSetCookie().map((c) => c.split('=')[0]).sort()).toEqual(['throughcare.csrf', 'throughcare.sign-in']);
      }
      expect((await db.query(`SELECT count(*)::int AS n FROM web_sessions WHERE sess->'user' IS NULL`)).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    const forged = await fetch(`${webUrl}/sign-in/callback?code=not-issued&state=ours`, { redirect: 'manual', headers: { cookie: 'throughcare.sign-in=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC' } });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('You have not been signed in');
  });

  it('answers a callback out of turn with 400 and a way to sign in again', async () => {
    const res = await fetch(`${webUrl}/sign-in/callback?code=not-issued&state=not-ours`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('You have not been signed in');
    expect(page).toContain('href="/sign-in"');
  });

  it('says the service is not answering while the identity provider is away, and sends people to it once it is back', async () => {
    const awayIssuer = `http://127.0.0.1:${await freePort()}`;
    const webPort = await freePort();
    const url = await webAppFor(awayIssuer, webPort);
    const away = await fetch(`${url}/sign-in`, { redirect: 'manual' });
    expect(away.status).toBe(503);
    expect(await away.text()).toContain('The service is not answering');

    const back = await standIn(awayIssuer, `${url}/sign-in/callback`);
    closers.push(() => new Promise((resolve) => back.close(() => resolve())));
    const res = await fetch(`${url}/sign-in`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!).origin).toBe(awayIssuer);
  });

  it('refuses the development sign-in in production', async () => {
    const production = {
      ...process.env,
      NODE_ENV: 'production',
      API_URL: apiUrl,
      WEB_PORT: '0',
      WEB_SESSION_SECRET: 'a-session-secret-of-at-least-thirty-two-characters',
      WEB_OIDC_ISSUER: issuer,
      WEB_OIDC_CLIENT_ID: CLIENT_ID,
      WEB_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      WEB_OIDC_REDIRECT_URI: 'https://throughcare.example/sign-in/callback',
      // The stand-ins here serve http on loopback, which production allows only when told.
      ALLOW_HTTP_URLS: 'true',
    };
    // Without an identity provider, or with one on http, the web app does not start in production.
    expect(() => loadWebConfig({ ...production, WEB_OIDC_ISSUER: '' })).toThrow(/WEB_OIDC_ISSUER: required in production/);
    expect(() => loadWebConfig({ ...production, ALLOW_HTTP_URLS: undefined })).toThrow(/WEB_OIDC_ISSUER: must be https in production/);
    const config = loadWebConfig(production);
    expect(config.developmentSignIn).toBe(false);
    const web = await createWebApp(config);
    await web.app.listen(0, '127.0.0.1');
    closers.push(web.close);
    const url = (await web.app.getUrl()).replace('[::1]', '127.0.0.1');
    // No organisations to choose from (the sign-in goes to the identity provider, and in
    // production never over plain HTTP, so this stand-in is refused), and a sign-in posted as a
    // demo team is refused.
    const page = await fetch(`${url}/sign-in`, { redirect: 'manual' });
    expect(page.status).toBe(503);
    expect(await page.text()).not.toContain('name="organisation"');
    const posted = await fetch(`${url}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'organisation=LEI' });
    expect([403, 404]).toContain(posted.status);
    expect(posted.headers.get('location')).toBeNull();
  });
});
