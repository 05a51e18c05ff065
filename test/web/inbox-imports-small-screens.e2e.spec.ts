/**
 * In a real browser against the real API, worker and Temporal: the inbox read as a to-do list
 * (the person, what happened in words, when it came, the task's due time, by day, "Mark all as
 * read"); a prison's list of releases imported from a page (upload, progress with and without
 * JavaScript, each row's result in the form's words, the template); and every page of each
 * group at 320 px wide without scrolling sideways. Every page checked passes axe.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { eventually } from '../support/api-client';
import { DEFAULT_RELEASE } from '../support/dates';
import { newPrisonNumber, registration, tokenFor } from '../support/system';
import { expectAccessible, apiAs, chooseArea, signedIn, startWebSystem, WebSystem } from './web-app';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the inbox, list imports and small screens', () => {
  let system: WebSystem;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });


  /** An organisation of the test's own, so its inbox holds only this test's messages. */
  async function ownOrganisation(type: 'prison' | 'probation', name: string): Promise<string> {
    const code = `${type === 'prison' ? 'PRI' : 'PDU'}-W${Date.now() % 1_000_000}`;
    await (await apiAs(system, 'THC-OPS', 'admin')).post('/v1/organisations', { code, name, type, areas: type === 'probation' ? ['E06000047'] : [] }, 201);
    return code;
  }

  it('reads the inbox as a list of people and what happened, by day, and marks what it shows read', async () => {
    const prisonCode = await ownOrganisation('prison', 'HMP Inbox Test');
    const prison = await apiAs(system, prisonCode, 'prison-healthcare');
    const person = registration({ prisonCode });
    const pathway = await prison.post('/v1/releases', person, 201);
    const task = (type: string) => pathway.tasks.find((t: Json) => t.type === type);
    await prison.post(`/v1/tasks/${task('referral').id}/complete`, {});
    const acceptance = await eventually('the acceptance task', async () => (await prison.get(`/v1/pathways/${pathway.id}`)).tasks.find((t: Json) => t.type === 'referral-acceptance'));
    await (await apiAs(system, 'CTS-LDS', 'community-treatment')).post(`/v1/tasks/${acceptance.id}/decline`, { reason: 'no capacity' });
    await eventually('the decline in the prison’s inbox', async () => (await prison.get(`/v1/notifications?pathwayId=${pathway.id}`)).items.find((n: Json) => n.event === 'task.completed'));

    const { context, page } = await signedIn(system, prisonCode);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.waitForURL(`${system.url}/inbox`);
    await expectAccessible(page);
    expect(await page.locator('main h2').first().innerText()).toBe('Today');
    const items = page.locator('.tc-inbox__item');
    const decline = items.filter({ hasText: 'Forward Leeds declined the referral: no capacity' });
    expect(await decline.count()).toBe(1);
    // The person by name and prison number, linked to the pathway; received and the task's state in words.
    expect((await decline.getByRole('link').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`Sam Example, prison number ${person.prisonNumber}`);
    expect(await decline.getByRole('link').getAttribute('href')).toBe(`/pathways/${pathway.id}`);
    const when = await decline.locator('.tc-secondary').innerText();
    expect(when).toMatch(/^Received today at \d{1,2}(:\d\d)?(am|pm)\nReferral acceptance: declined$/);
    const assessment = items.filter({ hasText: 'New task for you: Assessment' });
    expect(await assessment.locator('.tc-secondary').innerText()).toMatch(/\nAssessment due (today|tomorrow|\w+day \d{1,2} \w+( \d{4})?), 5pm$/);
    // No code, field name or ISO date anywhere a person reads.
    const said = await page.locator('main').innerText();
    expect(said).not.toMatch(/CTS-LDS|\d{4}-\d{2}-\d{2}|task\.|referral-acceptance/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'prison-healthcare-inbox.png'), fullPage: true });

    // Mark all as read: every unread message shown, for the whole organisation.
    const shown = await items.count();
    await page.getByRole('button', { name: `Mark all ${shown} shown as read` }).click();
    await page.waitForURL(`${system.url}/inbox`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`${shown} messages marked as read`);
    expect(await page.locator('main').innerText()).toContain('No unread messages.');
    expect((await prison.get(`/v1/notifications?pathwayId=${pathway.id}`)).items).toEqual([]);
    await page.getByRole('link', { name: 'Show all messages' }).click();
    expect(await items.count()).toBe(shown);
    expect((await items.allInnerTexts()).every((text) => text.trimEnd().endsWith('Read'))).toBe(true);
    await expectAccessible(page);
    await context.close();
  });

  it('marks one message read, and shows probation what it has to do', async () => {
    const code = await ownOrganisation('probation', 'Inbox test probation service');
    const pathway = await (await apiAs(system, 'LEI', 'prison-healthcare')).post('/v1/releases', registration({ probationCode: code }), 201);
    const { context, page } = await signedIn(system, code);
    await page.goto('/inbox');
    const row = page.locator('.tc-inbox__item', { has: page.locator(`a[href="/pathways/${pathway.id}"]`) });
    await eventually('the message', async () => ((await page.reload(), await row.count()) === 1 ? true : undefined));
    await expectAccessible(page);
    expect(await row.locator('.govuk-tag').innerText()).toBe('New task');
    expect(await row.innerText()).toContain('New task for you: Probation acknowledgement');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'probation-inbox.png'), fullPage: true });
    await row.getByRole('button', { name: /^Mark as read message \d+$/ }).click();
    await page.waitForURL(`${system.url}/inbox`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Marked as read');
    expect(await row.count()).toBe(0);
    await page.getByRole('link', { name: 'Show all messages' }).click();
    expect((await row.innerText()).trimEnd().endsWith('Read')).toBe(true);
    await context.close();
  });

  /** A list as a prison's spreadsheet saves it: the template's header, then the rows. */
  function listCsv(rows: Array<Record<string, string>>): Buffer {
    const header = readFileSync(path.resolve(__dirname, 'fixtures', 'releases-template.csv'), 'utf8').trim().split(',');
    return Buffer.from([header.join(','), ...rows.map((r) => header.map((column) => r[column] ?? '').join(','))].join('\r\n'));
  }

  const row = (prisonCode: string, over: Record<string, string> = {}) => ({
    prisonNumber: newPrisonNumber(),
    givenName: 'Alex',
    familyName: 'Listed',
    dateOfBirth: '1990-02-03',
    prisonCode,
    releaseDate: DEFAULT_RELEASE.friday,
    releaseDateType: 'CRD',
    destinationArea: 'E08000035',
    'treatment.substances': 'opiates',
    'treatment.onOst': 'true',
    'treatment.consentToShare': 'true',
    ...over,
  });

  it('imports a prison’s list from a page: the template, progress, and each row’s result in the form’s words', async () => {
    // A prison of the test's own, so that its list fills no other test's pages (nor the screenshots of Leeds).
    const prisonCode = await ownOrganisation('prison', 'HMP Import Test');
    const { context, page } = await signedIn(system, prisonCode);
    await page.getByRole('link', { name: 'Upcoming releases' }).click();
    await page.getByRole('link', { name: 'Import a list of releases' }).click();
    await page.waitForURL(`${system.url}/releases/import`);
    await expectAccessible(page);

    // The template is the header row the API reads.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the CSV template' }).click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(readFileSync(path.resolve(__dirname, 'fixtures', 'releases-template.csv'), 'utf8'));

    // No file, then a file whose first line is not the template's: said on the page.
    await page.getByRole('button', { name: 'Send the list' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select a CSV file of releases');
    await expectAccessible(page);
    await page.locator('#list').setInputFiles({ name: 'releases.csv', mimeType: 'text/csv', buffer: Buffer.from('prison,name\r\nA1234BC,Sam\r\n') });
    await page.getByRole('button', { name: 'Send the list' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The first line of the file must name the columns, as the template’s first line does');

    const first = row(prisonCode);
    const list = listCsv([
      first,
      row(prisonCode, { prisonNumber: 'X1', 'treatment.substances': 'alcohol', 'treatment.onOst': 'true' }),
      row(prisonCode, { prisonNumber: first.prisonNumber }),
      row('LEI'),
      row(prisonCode),
    ]);
    await page.locator('#list').setInputFiles({ name: 'releases.csv', mimeType: 'text/csv', buffer: list });
    await page.getByRole('button', { name: 'Send the list' }).click();
    await page.waitForURL(/\/releases\/imports\/[0-9a-f-]{36}$/);
    // With JavaScript the page updates itself, then shows each row once every row has its result.
    await page.locator('#import-progress', { hasText: 'Finished. All 5 rows done' }).waitFor({ timeout: 60_000 });
    await expectAccessible(page);
    const problem = (n: number) => page.locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${n}$`) }) });
    expect(await problem(2).locator('td').nth(1).innerText()).toBe('Not registered');
    expect(await problem(2).locator('li').allInnerTexts()).toEqual(
      expect.arrayContaining(['Enter the person’s prison number, like A1234BC', 'Select no for opioid substitution therapy, or select opiates as something the person is in treatment for']),
    );
    expect(await problem(3).locator('td').nth(1).innerText()).toBe('Already registered');
    expect(await problem(3).locator('li').allInnerTexts()).toEqual(['The same person as row 1 of this list']);
    expect(await problem(4).locator('li').allInnerTexts()).toEqual([`A list can only register releases from HMP Import Test: enter ${prisonCode} in the prisonCode column`]);
    expect(await page.getByRole('link', { name: /^Row \d: view the pathway$/ }).count()).toBe(2);
    expect(await page.locator('main').innerText()).not.toMatch(/must be|should not|regular expression|\d{4}-\d{2}-\d{2}T/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'prison-healthcare-import.png'), fullPage: true });
    // The prison's past imports, newest first: this one on top, in words, linking back to it.
    const importUrl = page.url();
    await page.getByRole('link', { name: 'See your past imports' }).click();
    await page.waitForURL(/\/releases\/imports$/);
    await expectAccessible(page);
    const latest = page.locator('tbody tr').first();
    expect(await latest.locator('td').allInnerTexts()).toEqual([expect.stringMatching(/^\d{1,2}(:\d{2})?(am|pm) on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/), expect.stringMatching(/\S/), 'Finished: rows to correct', '5', '2', '1', '2']);
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await latest.getByRole('link').click();
    await page.waitForURL(importUrl);
    await context.close();

    // Only prison healthcare has the page.
    const other = await signedIn(system, 'CTS-LDS');
    expect((await other.page.goto('/releases/import'))!.status()).toBe(404);
    await other.context.close();
  });

  it('follows an import without JavaScript: a "Check progress" button, and the page never reloads itself', async () => {
    const prisonCode = await ownOrganisation('prison', 'HMP Import Test without JavaScript');
    const context = await system.browser.newContext({ baseURL: system.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.locator(`input[name="organisation"][value="${prisonCode}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto('/releases/import');
    await page.locator('#list').setInputFiles({ name: 'releases.csv', mimeType: 'text/csv', buffer: listCsv(Array.from({ length: 40 }, () => row(prisonCode))) });
    await page.getByRole('button', { name: 'Send the list' }).click();
    await page.waitForURL(/\/releases\/imports\/[0-9a-f-]{36}$/);
    const importUrl = page.url();
    // No page refreshes itself (WCAG 2.2.1): the person checks when they choose, by a GOV.UK button.
    expect(await page.content()).not.toContain('http-equiv="refresh"');
    // axe needs JavaScript to run, so it reads the same page in a browser that runs scripts but not
    // the page's own: the markup a browser without JavaScript shows, checked while the list is still registering.
    const axe = await signedIn(system, prisonCode);
    await axe.context.route('**/import-progress.js', (route) => route.abort());
    let checkedAccessible = false;
    await eventually(
      'the list done, checked by the button',
      async () => {
        if ((await page.locator('#import-progress').innerText()).includes('Finished. All 40 rows done')) return true;
        if (!checkedAccessible) {
          await axe.page.goto(importUrl);
          if (await axe.page.getByRole('button', { name: 'Check progress' }).count()) await expectAccessible(axe.page);
          checkedAccessible = true;
        }
        await page.getByRole('button', { name: 'Check progress' }).click();
        await page.waitForURL(importUrl);
        return false;
      },
      90_000,
    );
    expect(await page.getByRole('button', { name: 'Check progress' }).count()).toBe(0);
    expect(await page.content()).not.toContain('http-equiv="refresh"');
    await axe.context.close();
    await context.close();
  });

  it('sorts the worklist by due date or day of release, and upcoming releases soonest or latest first', async () => {
    const prison = await apiAs(system, 'LEI', 'prison-healthcare');
    // The API: a sort it takes, pages kept in that order, and a sort it does not take refused.
    const latest = await prison.get('/v1/pathways?sort=-release&limit=5');
    const days = latest.items.map((p: Json) => p.releasedOn ?? p.expectedReleaseDate ?? p.releaseDate);
    expect([...days].sort().reverse()).toEqual(days);
    if (latest.nextCursor) {
      const after = await prison.get(`/v1/pathways?sort=-release&limit=5&cursor=${latest.nextCursor}`);
      expect(after.items.every((p: Json) => (p.releasedOn ?? p.expectedReleaseDate ?? p.releaseDate) <= days.at(-1))).toBe(true);
    }
    const byRelease = await prison.get('/v1/tasks?sort=release&limit=3');
    if (byRelease.nextCursor) expect((await prison.get(`/v1/tasks?sort=release&limit=3&cursor=${byRelease.nextCursor}`)).items.map((t: Json) => t.id)).not.toContain(byRelease.items[0].id);
    // Within one day of release (one pathway's tasks), soonest due first, page after page.
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'LEI' }), 201);
    const dayTasks: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await prison.get(`/v1/tasks?sort=release&limit=2&pathwayId=${pathway.id}${cursor ? `&cursor=${cursor}` : ''}`);
      dayTasks.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const dueOrder = dayTasks.map((t) => `${t.dueAt} ${t.id}`);
    expect(dayTasks.length).toBe(pathway.tasks.filter((t: Json) => t.owner === 'LEI' && t.state === 'open').length);
    expect(dueOrder).toEqual([...dueOrder].sort());
    // Upcoming releases by the prison's next task due: soonest first, those with nothing to do last, kept across pages.
    const dues: Array<string | null> = [];
    cursor = null;
    for (let pages = 0; pages < 3; pages++) {
      const page: Json = await prison.get(`/v1/pathways?sort=due&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      dues.push(...page.items.map((p: Json) => p.nextDueAt));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const keyed = dues.map((d) => d ?? '9999');
    expect(keyed).toEqual([...keyed].sort());
    expect(dues.length).toBeGreaterThan(0);
    const edited = Buffer.from(JSON.stringify({ at: '2027-01-01T00:00:00.000Z', then: 'soon', id: pathway.id })).toString('base64url');
    for (const bad of ['/v1/tasks?sort=bogus', '/v1/pathways?sort=soonest', `/v1/tasks?sort=release&cursor=${edited}`]) {
      const res = await fetch(new URL(bad, system.apiUrl), { headers: { authorization: `Bearer ${await tokenFor('LEI', 'prison-healthcare')}` } });
      expect([bad, res.status, res.headers.get('content-type')]).toEqual([bad, 400, expect.stringMatching(/application\/problem\+json/)]);
    }

    // The pages: a GOV.UK select and a button, without JavaScript needed.
    const { context, page } = await signedIn(system, 'LEI');
    await page.getByLabel('Sort by').selectOption({ label: 'Day of release, soonest first' });
    await page.getByRole('button', { name: 'Show tasks' }).click();
    await page.waitForURL(/sort=release/);
    expect(await page.locator('caption').first().innerText()).toBe('Open tasks, soonest release first');
    await expectAccessible(page);
    await page.goto('/releases');
    await page.getByLabel('Sort by').selectOption({ label: 'Day of release, latest first' });
    await page.getByRole('button', { name: 'Show releases' }).click();
    await page.waitForURL(/sort=-release/);
    expect(await page.locator('caption').first().innerText()).toBe('Releases, latest first');
    await expectAccessible(page);
    await page.getByLabel('Sort by').selectOption({ label: 'Your next task due, soonest first' });
    await page.getByRole('button', { name: 'Show releases' }).click();
    await page.waitForURL(/sort=due/);
    expect(await page.locator('caption').first().innerText()).toBe('Releases, your next task due soonest first');
    expect(await page.locator('tbody tr').first().locator('td').nth(3).innerText()).toMatch(/^(was )?due /);
    await expectAccessible(page);
    await context.close();
  });

  it('lets a nurse type part of an area’s name and choose it, and choose from the list without JavaScript', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await page.goto('/releases/new');
    const area = page.getByLabel('Local authority area released to');
    expect(await area.evaluate((el) => el.tagName)).toBe('INPUT');
    // Every area in England, not only those served: part of a name finds each that has it.
    await area.fill('lee');
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['Kirklees', 'Leeds']);
    await area.fill('leed');
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['Leeds']);
    await expectAccessible(page);
    await page.getByRole('option', { name: 'Leeds' }).click();
    // The enhanced select is what the form sends.
    expect(await page.locator('select[name="destinationArea"]').inputValue()).toBe('E08000035');
    await area.fill('zzz');
    expect(await page.locator('.autocomplete__option--no-results').innerText()).toBe('No area found: check the spelling of the council’s name');
    await context.close();

    const plain = await system.browser.newContext({ baseURL: system.url, javaScriptEnabled: false });
    const without = await plain.newPage();
    await without.goto('/sign-in');
    await without.locator('input[name="organisation"][value="LEI"]').check();
    await without.getByRole('button', { name: 'Sign in' }).click();
    await without.goto('/releases/new');
    await without.getByLabel('Local authority area released to').selectOption({ label: 'Leeds' });
    await plain.close();
  });

  it('registers a release to an area nobody serves yet, the prison choosing who takes the person on', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await page.goto('/releases/new');
    await page.getByLabel('Prison number').fill(newPrisonNumber());
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Example');
    for (const [part, value] of [['day', '12'], ['month', '4'], ['year', '1985']]) await page.locator(`#dateOfBirth-${part}`).fill(value);
    const [year, month, day] = DEFAULT_RELEASE.friday.split('-');
    for (const [part, value] of [['day', String(Number(day))], ['month', String(Number(month))], ['year', year]]) await page.locator(`#releaseDate-${part}`).fill(value);
    await page.getByLabel('Conditional release date (CRD)').check();
    // Cornwall: in England's list, and served by no demo organisation.
    await chooseArea(page, 'Cornwall');
    await page.getByLabel('Alcohol').check();
    await page.locator('#onOst-2').check();
    await page.locator('#consentToShare').check();
    await page.getByRole('button', { name: 'Register the release' }).click();
    // One answer asks for all three, in words, each against its own field.
    expect(await page.locator('.govuk-error-summary li').allInnerTexts()).toEqual([
      'No community treatment service serves this area yet: select the service that will care for the person',
      'No probation delivery unit serves this area yet: select the unit that will supervise the person',
      'No commissioner oversees this area in Throughcare yet: select the council that commissions the person’s treatment',
    ]);
    await expectAccessible(page);
    await page.getByLabel('Community treatment service').selectOption({ label: 'Forward Leeds' });
    await page.getByLabel('Probation delivery unit').selectOption({ label: 'Leeds Probation Delivery Unit' });
    await page.getByLabel('Commissioner').selectOption({ label: 'Leeds City Council' });
    await page.getByRole('button', { name: 'Register the release' }).click();
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const fact = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd');
    expect(await fact('Released to').innerText()).toBe('Cornwall (E06000052)');
    expect(await fact('Community treatment').innerText()).toBe('Forward Leeds');
    await expectAccessible(page);
    await context.close();
  });

  it('shows every page of each group at 320 px wide without scrolling sideways', async () => {
    // Something on every page: a pathway of Leeds, seen by each of its organisations.
    const pathway = await (await apiAs(system, 'LEI', 'prison-healthcare')).post('/v1/releases', registration(), 201);
    const wide: Array<{ org: string; path: string; width: number }> = [];
    const visited: string[] = [];
    for (const org of ['LEI', 'CTS-LDS', 'PDU-LDS', 'LA-LDS', 'THC-OPS']) {
      const { context, page } = await signedIn(system, org);
      await page.setViewportSize({ width: 320, height: 800 });
      // Each kind of page once (ids and queries aside), found by following the links from the worklist and the pathway.
      const kinds = new Set<string>();
      const queue = ['/', `/pathways/${pathway.id}`, '/find?q=Sam'];
      while (queue.length > 0 && kinds.size < 40) {
        const next = queue.shift()!;
        const kind = next.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
        if (kinds.has(kind)) continue;
        kinds.add(kind);
        const res = await page.goto(next);
        if (!res || res.status() >= 400) continue;
        const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
        visited.push(`${org} ${kind}`);
        if (width > 320) wide.push({ org, path: kind, width });
        const links = await page.locator('main a[href^="/"], nav a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        queue.push(...links.filter((href) => !/\.csv$|^\/sign-out/.test(href)));
      }
      await context.close();
    }
    expect(visited.length).toBeGreaterThan(20);
    expect(wide).toEqual([]);
  });
});
