/**
 * Closing the web app leaves nothing of it running: the session store's pruning stops with it,
 * rather than firing later on a database pool already ended (an error in the log of a stopped
 * app, and in a test run a log after the tests, which fails the run).
 */
import { createHmac } from 'node:crypto';
import { createWebApp } from '../../apps/web/src/bootstrap';
import { loadWebConfig } from '../../apps/web/src/web-config';
import { sleep } from '../support/api-client';


describe('the web app, closed', () => {
  it('stops pruning expired sessions', async () => {
    // The store logs through console.error, bound when it is made.
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const config = loadWebConfig({ ...process.env, API_URL: 'http://127.0.0.1:9', WEB_PORT: '0', WEB_SESSION_PRUNE_SECONDS: '1' });
      const web = await createWebApp(config);
      await web.app.listen(0, '127.0.0.1');
      const url = (await web.app.getUrl()).replace('[::1]', '127.0.0.1');
      // A page asked with a session cookie (signed as express-session signs it) reads the store,
      // which starts its pruning (every 0.5 to 1.5 s here).
      const sid = 'closing-test';
      const cookie = `throughcare=${encodeURIComponent(`s:${sid}.${createHmac('sha256', config.sessionSecret).update(sid).digest('base64').replace(/=+$/, '')}`)}`;
      expect((await fetch(`${url}/`, { redirect: 'manual', headers: { cookie } })).status).toBe(303);
      await web.close();
      await sleep(2_000);
      expect(errors.mock.calls.map((call) => String(call[0])).filter((line) => /prune/i.test(line))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});
