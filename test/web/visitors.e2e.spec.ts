/**
 * What a visitor who has not signed in costs the web app: no stored session however many
 * pages they ask for (1,000 cookie-less `GET /sign-in` once stored 1,000 rows, kept 8 hours),
 * and a limit on the pages one address may ask for in a minute, answered with a plain page.
 * Signing in with the form a visitor was given still works. (The sign-in with an identity
 * provider stores nothing before sign-in either: oidc-sign-in.e2e.spec.ts.)
 */
import { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { createWebApp } from '../../apps/web/src/bootstrap';
import { loadWebConfig } from '../../apps/web/src/web-config';
import { startApi, suiteConfig } from '../support/system';

/** Sessions stored for nobody: rows without a signed-in person. */
const ANONYMOUS_SESSIONS = `SELECT count(*)::int AS n FROM web_sessions WHERE sess->'user' IS NULL`;

/** The cookies a response sets, as `name=value` for the next request's Cookie header. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);
const named = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`));

describe('visitors who have not signed in', () => {
  let api: INestApplication;
  let apiUrl: string;
  let db: pg.Pool;
  const closers: Array<() => Promise<void>> = [];

  /** A web app in front of the suite's API, with these settings. */
  async function webApp(settings: Record<string, string> = {}): Promise<string> {
    const web = await createWebApp(loadWebConfig({ ...process.env, API_URL: apiUrl, WEB_PORT: '0', ...settings }));
    await web.app.listen(0, '127.0.0.1');
    closers.push(web.close);
    return (await web.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  beforeAll(async () => {
    ({ app: api, url: apiUrl } = await startApi(suiteConfig()));
    apiUrl = apiUrl.replace('[::1]', '127.0.0.1');
    db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await api?.close();
    await db?.end();
  });

  it('stores no session for 50 cookie-less visits to the sign-in page, and signs in with the form a visitor was given', async () => {
    const url = await webApp();
    let page: Response | undefined;
    for (let i = 0; i < 50; i++) {
      page = await fetch(`${url}/sign-in`, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(named(cookiesOf(page), 'throughcare')).toBeUndefined();
    }
    expect((await db.query(ANONYMOUS_SESSIONS)).rows[0].n).toBe(0);

    // The last visitor signs in with the form they were given: its CSRF token holds without a stored session.
    const html = await page!.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const csrf = named(cookiesOf(page!), 'throughcare.csrf');
    expect([token, csrf]).toEqual([expect.any(String), expect.any(String)]);
    const signIn = await fetch(`${url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf! },
      body: new URLSearchParams({ organisation: 'LEI', _csrf: token! }).toString(),
    });
    expect([signIn.status, signIn.headers.get('location')]).toEqual([303, '/']);
    const session = named(cookiesOf(signIn), 'throughcare');
    expect(session).toBeDefined();
    const worklist = await fetch(`${url}/`, { redirect: 'manual', headers: { cookie: [session, csrf].join('; ') } });
    expect(worklist.status).toBe(200);
    expect(await worklist.text()).toMatch(/<h1[^>]*>\s*Worklist/);
    // A form posted without the token is still refused.
    const forged = await fetch(`${url}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'organisation=LEI' });
    expect(forged.status).toBe(403);
    expect((await db.query(ANONYMOUS_SESSIONS)).rows[0].n).toBe(0);
  });

  it('limits the pages one address asks for in a minute, with a plain 429 page; another address, and assets, are not held back', async () => {
    const url = await webApp({ WEB_RATE_LIMIT_PER_MINUTE: '5' });
    const from = (address: string, path = '/') => fetch(`${url}${path}`, { redirect: 'manual', headers: { 'x-forwarded-for': address } });
    const statuses = [];
    // Any page counts against the same allowance: the worklist sends a visitor to sign in.
    for (const path of ['/', '/sign-in', '/', '/inbox', '/']) statuses.push((await from('203.0.113.7', path)).status);
    expect(statuses).toEqual([303, 200, 303, 303, 303]);
    const refused = await from('203.0.113.7', '/sign-in');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const words = await refused.text();
    expect(words).toContain('Sorry, there have been too many requests');
    expect(words).toContain('Wait a minute, then try again.');
    expect(words).not.toMatch(/Throttler|Exception/);
    expect((await from('203.0.113.8')).status).toBe(303);
    expect((await from('203.0.113.7', '/govuk/govuk-frontend.min.css')).status).toBe(200);
  });
});
