/**
 * The handover in a real browser, through the GOV.UK pages, against the real API, worker,
 * Temporal and PostgreSQL: a nurse registers a release and sees the adjusted day of release;
 * the community treatment service accepts and books; probation acknowledges; a decline
 * without a reason shows the error summary; another prison gets "Page not found". Every page
 * visited passes axe (WCAG 2.1 AA). The main page of each group is written to docs/screenshots.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { dateInWordsForTest, dayInWordsForTest, monthInWordsForTest, taskTypeForTest } from './words';
import { DEFAULT_RELEASE, londonDaysAhead, londonToday, movableFridayAhead } from '../support/dates';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { newPrisonNumber, registration, tokenFor } from '../support/system';
import { expectAccessible, apiAs as apiAsIn, chooseArea, signedIn, startWebSystem, WebSystem } from './web-app';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

describe('the web pages', () => {
  let system: WebSystem;
  /**
   * A Friday no other suite registers on by default (they use DEFAULT_RELEASE), so a list of
   * the prison's releases on that day holds only this suite's pathways, whatever runs beside it.
   */
  const release = [movableFridayAhead(17), movableFridayAhead(19)].find((r) => r.friday !== DEFAULT_RELEASE.friday)!;
  let pathwayUrl: string;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The link for an action on the pathway page's row of a task type. */
  const actionLink = (page: Page, taskType: string, action: RegExp) =>
    page.locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${taskType}$`) }) }).getByRole('link', { name: action });


  async function register(page: Page, prisonNumber: string, releaseOn: { date: string; type: string } = { date: release.friday, type: 'Conditional release date (CRD)' }): Promise<void> {
    await page.getByRole('link', { name: 'Register a release' }).click();
    await expectAccessible(page);
    await page.getByLabel('Prison number').fill(prisonNumber);
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Example');
    const [dobDay, dobMonth, dobYear] = ['12', '4', '1985'];
    await page.locator('#dateOfBirth-day').fill(dobDay);
    await page.locator('#dateOfBirth-month').fill(dobMonth);
    await page.locator('#dateOfBirth-year').fill(dobYear);
    const [year, month, day] = releaseOn.date.split('-');
    await page.locator('#releaseDate-day').fill(String(Number(day)));
    await page.locator('#releaseDate-month').fill(String(Number(month)));
    await page.locator('#releaseDate-year').fill(year);
    await page.getByLabel(releaseOn.type).check();
    await chooseArea(page, 'Leeds');
    await page.getByLabel('Opiates').check();
    await page.locator('#onOst').check();
    await page.locator('#consentToShare').check();
    await page.getByRole('button', { name: 'Register the release' }).click();
  }

  it('lets a nurse register a release and shows the day of release brought forward, with why', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await expectAccessible(page);
    await register(page, newPrisonNumber());
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    pathwayUrl = page.url();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Release registered');
    const dayOfRelease = page.locator('.govuk-summary-list__row', { hasText: 'Day of release' });
    expect(await dayOfRelease.locator('dd').innerText()).toBe(dayInWordsForTest(release.thursday));
    // Names, not codes; the facts a clinician needs.
    const fact = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd');
    expect(await fact('Prison').innerText()).toBe('HMP Leeds');
    expect(await fact('Community treatment').innerText()).toBe('Forward Leeds');
    expect(await fact('Released to').innerText()).toBe('Leeds (E08000035)');
    expect(await fact('Treatment for').innerText()).toBe('Opiates');
    expect(await fact('On opioid substitution therapy').innerText()).toBe('Yes');
    expect(await fact('OST bridge').innerText()).toBe('Bridging prescription to arrange');
    expect(await fact('Consent to share treatment').innerText()).toBe('Yes, with probation');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain(`brought forward to ${dayInWordsForTest(release.thursday)}`);
    expect(await page.locator('.govuk-inset-text').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // GP registration waits for its earliest start (a month before release): no link yet, and from when, in words.
    const gpRow = page.locator('tbody tr', { has: page.locator('td:first-child', { hasText: /^GP registration$/ }) });
    expect(await gpRow.getByRole('link').count()).toBe(0);
    expect(await gpRow.innerText()).toContain(`Can be done from ${dayInWordsForTest(DateTime.fromISO(release.thursday).minus({ months: 1 }).toISODate()!)}`);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'prison-healthcare-pathway.png'), fullPage: true });
    // The referral is sent from the pathway page.
    await actionLink(page, 'Referral', /Mark as done/).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.waitForURL(pathwayUrl);
    await page.goto('/');
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'prison-healthcare-worklist.png'), fullPage: true });
    await context.close();
  });

  it('lets the community treatment service accept the referral and book the first appointment', async () => {
    const { context, page } = await signedIn(system, 'CTS-LDS');
    await page.goto(`/?type=referral-acceptance`);
    await expectAccessible(page);
    // The worklist says whom each task is for.
    expect(await page.locator('tbody tr').first().locator('td').first().innerText()).toMatch(/^\S+ \S+ [A-Z]\d{4}[A-Z]{2}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'community-treatment-worklist.png'), fullPage: true });
    await page.goto(pathwayUrl);
    await actionLink(page, 'Referral acceptance', /Accept the referral/).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await page.waitForURL(pathwayUrl);
    await actionLink(page, 'Appointment booking', /Book the first appointment/).click();
    // First a date past what the rule allows for someone on OST: refused, with the answers kept.
    const [year, month, day] = release.friday.split('-');
    await page.locator('#appointmentAt-day').fill(String(Number(day) + 0));
    await page.locator('#appointmentAt-month').fill(String(Number(month)));
    await page.locator('#appointmentAt-year').fill(String(Number(year) + 1));
    await page.locator('#appointmentAt-time').fill('10:30');
    await page.getByRole('button', { name: 'Book the first appointment' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('There is a problem');
    expect(await page.locator('#appointmentAt-time').inputValue()).toBe('10:30');
    await expectAccessible(page);
    const [tYear, tMonth, tDay] = release.thursday.split('-');
    await page.locator('#appointmentAt-day').fill(String(Number(tDay)));
    await page.locator('#appointmentAt-month').fill(String(Number(tMonth)));
    await page.locator('#appointmentAt-year').fill(tYear);
    await page.getByRole('button', { name: 'Book the first appointment' }).click();
    await page.waitForURL(pathwayUrl);
    const booking = page.locator('tr', { hasText: 'Appointment booking' });
    expect(await booking.locator('.govuk-tag').innerText()).toBe('Done');
    // The booked appointment on the pathway page, and every step in the history, by name.
    const appointment = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd');
    expect(await appointment('When').innerText()).toBe(`10:30am on ${dayInWordsForTest(release.thursday)}`);
    expect(await appointment('Where').innerText()).toBe('Forward Leeds, Forward Leeds Hub, 12 Example Lane, Leeds LS2 7ZZ');
    expect(await appointment('Service’s phone number').innerText()).toBe('0113 496 0123');
    const history = await page.locator('.moj-timeline__item').allInnerTexts();
    expect(history.some((h) => h.includes('First appointment booked') && h.includes('by Forward Leeds'))).toBe(true);
    expect(history.some((h) => h.includes('Referral accepted'))).toBe(true);
    expect(history.some((h) => h.includes('Referral sent') && h.includes('by HMP Leeds'))).toBe(true);
    expect(history.join('\n')).not.toMatch(/CTS-LDS|\d{4}-\d{2}-\d{2}/);
    await expectAccessible(page);
    await context.close();
  });

  it('lets probation acknowledge the plan', async () => {
    const { context, page } = await signedIn(system, 'PDU-LDS');
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'probation-worklist.png'), fullPage: true });
    await page.goto(pathwayUrl);
    // Probation sees the plan it acknowledges: the appointment's day, time and place (the person consented).
    expect(await page.locator('.govuk-summary-list__row').filter({ has: page.getByText('Where', { exact: true }) }).locator('dd').innerText()).toBe('Forward Leeds, Forward Leeds Hub, 12 Example Lane, Leeds LS2 7ZZ');
    expect(await page.locator('.govuk-summary-list__row').filter({ has: page.getByText('When', { exact: true }) }).locator('dd').innerText()).toBe(`10:30am on ${dayInWordsForTest(release.thursday)}`);
    await actionLink(page, 'Probation acknowledgement', /Acknowledge the plan/).click();
    await page.getByRole('button', { name: 'Acknowledge the plan' }).click();
    await page.waitForURL(pathwayUrl);
    expect(await page.locator('tr', { hasText: 'Probation acknowledgement' }).locator('.govuk-tag').innerText()).toBe('Done');
    await context.close();
  });

  it('lets probation record a return to custody, the one change the API offers it', async () => {
    const pathway = await (await apiAs('LEI', 'prison-healthcare')).post('/v1/releases', registration(), 201);
    const { context, page } = await signedIn(system, 'PDU-LDS');
    await page.goto(`/pathways/${pathway.id}`);
    expect(await page.locator('main ul.govuk-list a').allInnerTexts()).toEqual(['Record a return to custody']);
    // No other change is a page for probation.
    expect((await page.goto(`/pathways/${pathway.id}/events/cancel`))?.status()).toBe(404);
    await page.goto(`/pathways/${pathway.id}`);
    await page.getByRole('link', { name: 'Record a return to custody' }).click();
    await expectAccessible(page);
    await page.getByLabel('Why has the person returned to custody?').fill('Recalled');
    await page.getByRole('button', { name: 'Record a return to custody' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Return to custody recorded');
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('dd').innerText()).toBe('Closed: Excluded from the measure');
    expect(await page.getByRole('link', { name: 'Record a return to custody' }).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });

  it('shows the error summary for a decline without a reason, and keeps nothing from it', async () => {
    const nurse = await signedIn(system, 'LEI');
    await register(nurse.page, newPrisonNumber());
    await nurse.page.waitForURL(/\/pathways\//);
    const url = nurse.page.url();
    await actionLink(nurse.page, 'Referral', /Mark as done/).click();
    await nurse.page.getByRole('button', { name: 'Mark as done' }).click();
    await nurse.context.close();

    const { context, page } = await signedIn(system, 'CTS-LDS');
    await page.goto(url);
    await actionLink(page, 'Referral acceptance', /Decline the referral/).click();
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Enter why the referral is declined');
    expect(await summary.locator('a').getAttribute('href')).toBe('#reason');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await page.goto(url);
    expect(await page.locator('tr', { hasText: 'Referral acceptance' }).locator('.govuk-tag').innerText()).toMatch(/Open|Overdue/);
    // Declined with a reason: shown as declined, never "Done", and the prison reads why.
    await actionLink(page, 'Referral acceptance', /Decline the referral/).click();
    await page.getByLabel('Why is the referral declined?').fill('No capacity this month');
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    await page.waitForURL(url);
    await context.close();

    const prison = await signedIn(system, 'LEI');
    await prison.page.goto(url);
    expect(await prison.page.locator('tr', { hasText: 'Referral acceptance' }).locator('.govuk-tag').innerText()).toBe('Declined');
    const declined = (await prison.page.locator('.moj-timeline__item').allInnerTexts()).find((h) => h.includes('Referral declined') && h.includes('No capacity this month'));
    expect(declined).toContain('by Forward Leeds');
    // The re-referral lets the prison choose the service.
    await actionLink(prison.page, 'Re-referral', /Refer again/).click();
    await expectAccessible(prison.page);
    await prison.page.getByLabel('Change Grow Live Birmingham').check();
    await prison.page.getByRole('button', { name: 'Refer again' }).click();
    await prison.page.waitForURL(url);
    const fact = (key: string) => prison.page.locator('.govuk-summary-list__row').filter({ has: prison.page.getByText(key, { exact: true }) }).locator('dd');
    expect(await fact('Community treatment').innerText()).toBe('Change Grow Live Birmingham');
    expect(await prison.page.locator('.moj-timeline__item', { hasText: 'Referred again' }).innerText()).toContain('From Forward Leeds to Change Grow Live Birmingham');
    await prison.context.close();
  });

  it('lets a nurse change the release date and see the new day, then cancel the pathway and see it closed', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await register(page, newPrisonNumber());
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const url = page.url();
    await page.getByRole('link', { name: 'Change the release date' }).click();
    await expectAccessible(page);
    const later = [movableFridayAhead(18), movableFridayAhead(21)].find((r) => r.friday !== release.friday)!.thursday;
    const [year, month, day] = later.split('-');
    await page.locator('#releaseDate-day').fill(String(Number(day)));
    await page.locator('#releaseDate-month').fill(String(Number(month)));
    await page.locator('#releaseDate-year').fill(year);
    await page.getByLabel('Conditional release date (CRD)').check();
    // Without a reason the API refuses, and the page keeps the date given.
    await page.getByRole('button', { name: 'Change the release date' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('There is a problem');
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#reason');
    expect(await page.locator('#releaseDate-day').inputValue()).toBe(String(Number(day)));
    await expectAccessible(page);
    await page.getByLabel('Why has the release date changed?').fill('Sentence recalculated after remand time credited');
    await page.getByRole('button', { name: 'Change the release date' }).click();
    await page.waitForURL(url);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Release date changed');
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Day of release' }).locator('dd').innerText()).toBe(dayInWordsForTest(later));

    await page.getByRole('link', { name: 'Cancel the pathway' }).click();
    await expectAccessible(page);
    await page.getByLabel('Why is the pathway cancelled?').fill('Registered in error');
    await page.getByRole('button', { name: 'Cancel the pathway' }).click();
    await page.waitForURL(url);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Pathway cancelled');
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('dd').innerText()).toMatch(/^Closed/);
    expect(await page.getByRole('link', { name: 'Cancel the pathway' }).count()).toBe(0);
    await expectAccessible(page);
    // The other events offer their forms to the holding prison only while the pathway is open.
    expect((await page.goto(`${url}/events/released`))?.status()).toBe(404);
    await context.close();
  });

  it('offers the release and return to custody forms with today, and transfers to another prison chosen from a list', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await register(page, newPrisonNumber());
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const [year, month, day] = londonToday().split('-');
    await page.getByRole('link', { name: 'Record the release' }).click();
    expect([await page.locator('#releasedOn-day').inputValue(), await page.locator('#releasedOn-month').inputValue(), await page.locator('#releasedOn-year').inputValue()]).toEqual([String(Number(day)), String(Number(month)), year]);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to the pathway' }).click();
    await page.getByRole('link', { name: 'Record a return to custody' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to the pathway' }).click();
    await page.getByRole('link', { name: 'Record a transfer' }).click();
    const options = await page.locator('#prisonCode option').allInnerTexts();
    expect(options).toContain('HMP Birmingham (BMI)');
    expect(options).not.toContain('HMP Leeds (LEI)');
    await expectAccessible(page);
    // Transferred, the pathway is the other prison's: back to this prison's releases, with the banner.
    await page.locator('#prisonCode').selectOption('BMI');
    await page.getByRole('button', { name: 'Record a transfer' }).click();
    await page.waitForURL(/\/releases$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Transfer recorded');
    await expectAccessible(page);
    await context.close();
  });

  it('lets a nurse record the release and then a return to custody, and shows each on the pathway', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await register(page, newPrisonNumber());
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const url = page.url();
    const today = londonToday();
    const history = page.locator('.moj-timeline__title');
    const status = page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('dd');

    // Released today, without saying whether it was planned: the error summary, the day kept.
    await page.getByRole('link', { name: 'Record the release' }).click();
    await page.getByRole('button', { name: 'Record the release' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('There is a problem');
    expect(await summary.locator('a').first().getAttribute('href')).toBe('#kind');
    expect(await page.locator('#releasedOn-day').inputValue()).toBe(String(Number(today.split('-')[2])));
    await expectAccessible(page);
    await page.getByLabel('Planned', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the release' }).click();
    await page.waitForURL(url);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Release recorded');
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Released on' }).locator('dd').innerText()).toBe(dayInWordsForTest(today));
    expect(await status.innerText()).toBe('Active');
    expect(await history.first().innerText()).toBe('Released');
    // Released, the pathway offers only a return to custody or a cancellation.
    expect(await page.locator('main ul.govuk-list a').allInnerTexts()).toEqual(['Record a return to custody', 'Cancel the pathway']);
    await expectAccessible(page);

    // Recalled the same day: without a reason the API refuses, and the page keeps the day.
    await page.getByRole('link', { name: 'Record a return to custody' }).click();
    await page.getByRole('button', { name: 'Record a return to custody' }).click();
    expect(await summary.locator('a').first().getAttribute('href')).toBe('#reason');
    expect(await page.locator('#on-day').inputValue()).toBe(String(Number(today.split('-')[2])));
    await expectAccessible(page);
    await page.getByLabel('Why has the person returned to custody?').fill('Recalled for breach of licence conditions');
    await page.getByRole('button', { name: 'Record a return to custody' }).click();
    await page.waitForURL(url);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Return to custody recorded');
    // Closed and left out of the measure; every open task cancelled; nothing more to record.
    expect(await status.innerText()).toBe('Closed: Excluded from the measure');
    expect(await history.allInnerTexts()).toEqual(expect.arrayContaining(['Returned to custody', 'Released']));
    expect(await history.first().innerText()).toMatch(/^(Returned to custody|Pathway closed)$/);
    expect(await page.locator('tbody tr .govuk-tag', { hasText: /^(Open|Overdue)$/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Record a return to custody' }).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });

  it('lists the prison’s upcoming releases by day, filtered by status and a range of days, and refuses a date that is not real', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await page.getByRole('link', { name: 'Upcoming releases' }).click();
    await page.waitForURL(/\/releases$/);
    await expectAccessible(page);
    const [year, month, day] = release.thursday.split('-');
    for (const name of ['releaseFrom', 'releaseTo']) {
      await page.locator(`#${name}-day`).fill(String(Number(day)));
      await page.locator(`#${name}-month`).fill(String(Number(month)));
      await page.locator(`#${name}-year`).fill(year);
    }
    await page.locator('#status').selectOption('active');
    await page.getByRole('button', { name: 'Show releases' }).click();
    const row = page.locator('tbody tr', { has: page.locator(`a[href="${new URL(pathwayUrl).pathname}"]`) });
    const prisonNumber = await row.locator('td').nth(1).innerText();
    expect(await row.locator('td').allInnerTexts()).toEqual(['Sam Example', expect.stringMatching(/^[A-Z]\d{4}[A-Z]{2}$/), dateInWordsForTest(release.thursday), expect.stringMatching(/^(was )?due /), 'Active']);
    // Found by prison number in one step, from the list's own search and from the worklist's box.
    await page.getByLabel('Find a person').fill(prisonNumber.toLowerCase());
    await page.getByRole('button', { name: 'Show releases' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr td').nth(1).innerText()).toBe(prisonNumber);
    await expectAccessible(page);
    await page.goto('/');
    await page.getByLabel('Find a person').fill(prisonNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/find\?q=/);
    expect(await page.locator('tbody tr td').allInnerTexts()).toEqual(['Sam Example', prisonNumber, '12 April 1985', dateInWordsForTest(release.thursday), 'HMP Leeds', 'Active']);
    await expectAccessible(page);
    await page.getByLabel('Prison number, name, NHS number or date of birth').fill('x'.repeat(101));
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Search must be 100 characters or fewer');
    await expectAccessible(page);
    await page.goto('/releases?status=active');
    expect(new URL(page.url()).search).not.toMatch(/Sam|Example/);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'prison-healthcare-upcoming-releases.png'), fullPage: true });
    // A day that is not in the calendar: the error summary, the filters kept.
    await page.locator('#releaseTo-day').fill('31');
    await page.locator('#releaseTo-month').fill('2');
    await page.getByRole('button', { name: 'Show releases' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Released on or before must be a real date');
    expect(await summary.locator('a').getAttribute('href')).toBe('#releaseTo-day');
    expect(await page.locator('#releaseTo-day').inputValue()).toBe('31');
    await expectAccessible(page);
    // Closed pathways are not among the active ones.
    await page.goto(`/releases?status=closed`);
    expect(await page.locator(`a[href="${new URL(pathwayUrl).pathname}"]`).count()).toBe(0);
    await context.close();
  });

  it('pages upcoming releases by the API’s cursor, keeping the filters', async () => {
    // More releases on one day than a page holds, registered through the API.
    const day = movableFridayAhead(30).thursday;
    const token = await tokenFor('LEI', 'prison-healthcare');
    for (let i = 0; i < 27; i++) {
      const res = await fetch(new URL('/v1/releases', system.apiUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(registration({ releaseDate: day, releaseDateType: 'CONFIRMED' })),
      });
      expect(res.status).toBe(201);
    }
    const { context, page } = await signedIn(system, 'LEI');
    const [year, month, date] = day.split('-');
    const range = new URLSearchParams({ status: '' });
    for (const name of ['releaseFrom', 'releaseTo']) {
      range.set(`${name}-day`, String(Number(date)));
      range.set(`${name}-month`, String(Number(month)));
      range.set(`${name}-year`, year);
    }
    await page.goto(`/releases?${range}`);
    expect(await page.locator('tbody tr').count()).toBe(25);
    const firstPage = await page.locator('tbody a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    await page.getByRole('link', { name: /Next page/ }).click();
    // At least the two past the first page (other suites in a full run may release on this day too), none of them again.
    const secondPage = await page.locator('tbody a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(secondPage.length).toBeGreaterThanOrEqual(2);
    expect(secondPage.filter((href) => firstPage.includes(href))).toEqual([]);
    expect(await page.locator('#releaseTo-day').inputValue()).toBe(String(Number(date)));
    expect(await page.locator('tbody tr').first().locator('td').nth(2).innerText()).toBe(dateInWordsForTest(day));
    await expectAccessible(page);
    await page.getByRole('link', { name: /First page/ }).click();
    expect(await page.locator('tbody tr').count()).toBe(25);
    await context.close();
  });

  it('shows a commissioner the escalations of their area by level, and none of another area', async () => {
    // Released tomorrow on OST: the OST bridge is overdue at once and escalates at L2.
    const nurse = await signedIn(system, 'LEI');
    await register(nurse.page, newPrisonNumber(), { date: londonDaysAhead(1), type: 'Confirmed release date' });
    await nurse.page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const pathwayPath = new URL(nurse.page.url()).pathname;
    await nurse.context.close();

    const { context, page } = await signedIn(system, 'LA-LDS');
    await page.getByRole('link', { name: 'Oversight' }).click();
    await page.waitForURL(/\/oversight$/);
    const l2 = page.locator('table', { has: page.locator('caption', { hasText: /^Level 2/ }) });
    for (let tries = 0; tries < 40 && (await l2.locator(`a[href="${pathwayPath}"]`).count()) === 0; tries++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await l2.locator(`a[href="${pathwayPath}"]`).count()).toBeGreaterThan(0);
    // Why, in words: the task and when it was due, not an ISO timestamp.
    const why = await l2.locator('tr', { has: page.locator(`a[href="${pathwayPath}"]`) }).first().locator('td').nth(2).innerText();
    expect(why).toMatch(/^OST bridging (was|is) due by \d{1,2}(:\d{2})?[ap]m on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(await page.getByRole('heading', { name: 'Ended not engaged' }).count()).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'commissioner-oversight.png'), fullPage: true });
    // Another area's commissioner does not see it.
    await context.close();
    const other = await signedIn(system, 'LA-BHM');
    await other.page.goto('/oversight');
    expect(await other.page.locator(`a[href="${pathwayPath}"]`).count()).toBe(0);
    await other.context.close();
  });

  /** The API as a person of this organisation and role, for what would take many pages to set up. */
  const apiAs = (org: string, role: string) => apiAsIn(system, org, role);

  it('lists for a commissioner the pathways of their area that ended not engaged, page by page', async () => {
    // Solihull on a policy in seconds: released today with nothing booked, not engaged within seconds.
    await installFastPolicy(await apiAs('THC-OPS', 'admin'));
    const prison = await apiAs('BMI', 'prison-healthcare');
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonToday(), kind: 'planned' });
    for (let tries = 0; tries < 60 && (await prison.get(`/v1/pathways/${pathway.id}`)).outcome !== 'not-engaged'; tries++) await new Promise((r) => setTimeout(r, 500));
    expect((await prison.get(`/v1/pathways/${pathway.id}`)).outcome).toBe('not-engaged');
    // An open pathway of the same area is not among them.
    const open = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);

    const { context, page } = await signedIn(system, 'LA-BHM');
    await page.getByRole('link', { name: 'Oversight' }).click();
    await page.waitForURL(/\/oversight$/);
    await expectAccessible(page);
    const endedNotEngaged = page.locator('table', { has: page.locator('caption', { hasText: 'not engaged' }) });
    const seen: string[] = [];
    // Other suites' pathways of the area may come first: the list's own pages, to the end if need be.
    for (;;) {
      seen.push(...(await endedNotEngaged.locator('tbody a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!))));
      const next = page.getByRole('link', { name: /Next page of pathways ended not engaged/ });
      if (seen.includes(`/pathways/${pathway.id}`) || (await next.count()) === 0) break;
      await next.click();
      expect(new URL(page.url()).searchParams.get('notEngagedCursor')).toBeTruthy();
      await expectAccessible(page);
    }
    expect(seen).toContain(`/pathways/${pathway.id}`);
    expect(seen).not.toContain(`/pathways/${open.id}`);
    expect(new Set(seen).size).toBe(seen.length);
    await context.close();
  });

  it('shows a commissioner continuity of care by month against the ambition and the handover steps, each as a chart and a table of the API’s figures', async () => {
    // Five people released in one month, so that month's figures are shown to a commissioner.
    const day = movableFridayAhead(26).thursday;
    const prison = await apiAs('LEI', 'prison-healthcare');
    for (let i = 0; i < 5; i++) await prison.post('/v1/releases', registration({ releaseDate: day, releaseDateType: 'CONFIRMED' }), 201);

    const { context, page } = await signedIn(system, 'LA-LDS');
    await page.getByRole('link', { name: 'Continuity of care' }).click();
    await page.waitForURL(/\/reports\/continuity-of-care$/);
    // By default the twelve months to this one.
    const [year, month] = londonToday().split('-').map(Number);
    const first = year * 12 + month - 1 - 11;
    expect([await page.locator('#from-month').inputValue(), await page.locator('#from-year').inputValue()]).toEqual([String((first % 12) + 1), String(Math.floor(first / 12))]);
    expect([await page.locator('#to-month').inputValue(), await page.locator('#to-year').inputValue()]).toEqual([String(month), String(year)]);
    expect(await page.locator('figure svg').count()).toBe(2);
    await expectAccessible(page);

    // The month of those releases.
    const chosen = day.slice(0, 7);
    for (const name of ['from', 'to']) {
      await page.locator(`#${name}-month`).fill(String(Number(chosen.slice(5))));
      await page.locator(`#${name}-year`).fill(chosen.slice(0, 4));
    }
    await page.getByRole('button', { name: 'Show the period' }).click();
    await page.waitForURL(/from-month=/);
    expect(await page.getByRole('img', { name: `Continuity of care by month, ${chosen} to ${chosen}` }).count()).toBe(1);
    expect(await page.getByRole('img', { name: `Handover steps not done on time, ${chosen} to ${chosen}` }).count()).toBe(1);
    expect(await page.locator('svg line, svg path').count()).toBeGreaterThan(0);

    // The tables hold the JSON report's figures (read again after, in case another suite registered meanwhile).
    const commissioner = await apiAs('LA-LDS', 'commissioner');
    const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
    const expected = async () => {
      const continuity = await commissioner.get(`/v1/reports/continuity-of-care?from=${chosen}&to=${chosen}&groupBy=month`);
      const steps = await commissioner.get(`/v1/reports/handover-steps?from=${chosen}&to=${chosen}&groupBy=step`);
      return {
        continuity: continuity.groups.map(({ group, all: f }: { group: { month: string }; all: Record<string, any> }) => // eslint-disable-line @typescript-eslint/no-explicit-any
          f.suppressed
            ? [monthInWordsForTest(group.month), 'Not shown: fewer than 5 people']
            : [
                monthInWordsForTest(group.month),
                String(f.people),
                String(f.released),
                String(f.engaged),
                f.rate === null ? 'No outcome yet' : `${pct(f.rate)} (${pct(f.interval.lower)} to ${pct(f.interval.upper)})${f.provisional ? ', provisional' : ''}`,
                String(f.stillOpen),
                String(f.excluded.total),
              ],
        ),
        steps: [...steps.groups]
          .sort((a, b) => (a.shareOnTime ?? 2) - (b.shareOnTime ?? 2))
          .map((g) =>
            g.suppressed
              ? [taskTypeForTest(g.group.step), 'Not shown: fewer than 5 tasks due']
              : [taskTypeForTest(g.group.step), String(g.due), String(g.onTime), g.shareOnTime === null ? '–' : pct(1 - g.shareOnTime), g.lateness?.medianWorkingDays == null ? '–' : String(g.lateness.medianWorkingDays)],
          ),
      };
    };
    const rowsOf = (caption: string) =>
      page.locator('table', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as unknown as { innerText: string }).innerText.trim())));
    const before = await expected();
    const shown = { continuity: await rowsOf('Continuity of care by month of release'), steps: await rowsOf('Handover steps, worst first') };
    const after = await expected();
    expect([before, after]).toContainEqual(shown);
    expect(shown.continuity).toEqual([expect.arrayContaining([monthInWordsForTest(chosen)])]);
    expect(Number(shown.continuity[0][1])).toBeGreaterThanOrEqual(5);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'commissioner-continuity-of-care.png'), fullPage: true });

    // A month that is not one: the error summary, the answers kept.
    await page.locator('#to-month').fill('13');
    await page.getByRole('button', { name: 'Show the period' }).click();
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#to-month');
    expect(await page.locator('#to-month').inputValue()).toBe('13');
    await expectAccessible(page);
    await context.close();

    // A nurse may read the report too; probation may not, and has no link to it.
    const nurse = await signedIn(system, 'LEI');
    expect(await nurse.page.getByRole('link', { name: 'Continuity of care' }).count()).toBe(1);
    await nurse.context.close();
    const probation = await signedIn(system, 'PDU-LDS');
    expect(await probation.page.getByRole('link', { name: 'Continuity of care' }).count()).toBe(0);
    expect((await probation.page.goto('/reports/continuity-of-care'))?.status()).toBe(404);
    await probation.context.close();
  });

  it('shows an admin the organisations with their areas and the policies, read only, and nobody else', async () => {
    const { context, page } = await signedIn(system, 'THC-OPS');
    await page.getByRole('link', { name: 'Organisations and policies' }).click();
    await page.waitForURL(/\/admin$/);
    const leeds = page.locator('tbody tr', { has: page.locator('td:first-child', { hasText: /^LEI$/ }) });
    expect(await leeds.locator('td').allInnerTexts()).toEqual(['LEI', 'HMP Leeds', 'Prison', 'Leeds (E08000035)', 'Healthcare team at HMP Leeds', '0113 496 0789']);
    expect(await page.getByRole('heading', { name: 'england-default, version 1' }).count()).toBe(1);
    expect(await page.locator('form[method="post"]', { hasNot: page.getByRole('button', { name: 'Sign out' }) }).count()).toBe(0);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-organisations-and-policies.png'), fullPage: true });
    await context.close();
    const nurse = await signedIn(system, 'LEI');
    expect((await nurse.page.goto('/admin'))?.status()).toBe(404);
    await nurse.context.close();
  });

  it('answers "Page not found" to a person from another prison', async () => {
    const { context, page } = await signedIn(system, 'BMI');
    const res = await page.goto(pathwayUrl);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await expectAccessible(page);
    await context.close();
  });

  it('sends someone not signed in to the sign-in page, and refuses a form without its CSRF token', async () => {
    const context = await system.browser.newContext({ baseURL: system.url });
    const page = await context.newPage();
    await page.goto(pathwayUrl);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const forged = await context.request.post('/sign-in', { form: { organisation: 'LEI' } });
    expect(forged.status()).toBe(403);
    const headers = (await context.request.get('/sign-in')).headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    expect(headers['cache-control']).toBe('no-store');
    await context.close();
  });
});
