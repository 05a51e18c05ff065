/**
 * Every form's error messages, in a real browser against the real API and workflow: each form
 * is sent empty, malformed and out of range, and every message shown must be the pages' own
 * words (GOV.UK's error-message style), never the API's: no field name in camelCase, no regular
 * expression, no ISO date or timestamp, no validator phrasing. Also the pages' answers to a
 * malformed id (Page not found) and to Back after a task is done (the task as it is now).
 */
import type { Page } from 'playwright-core';
import { dayInWordsForTest } from './words';
import { londonDaysAhead, movableFridayAhead } from '../support/dates';
import { newPrisonNumber } from '../support/system';
import { chooseArea, signedIn, startWebSystem, WebSystem } from './web-app';

/** What a person must never read in an error message. */
const DEVELOPER_LANGUAGE: Array<[string, RegExp]> = [
  ['a field name in camelCase', /\b[A-Za-z][a-z]+[A-Z][A-Za-z]*\b/],
  ['a regular expression', /\/\^|\$\/|\[A-Z|\\d|\{\d+,\d*\}/],
  ['an ISO date or timestamp', /\d{4}-\d{2}-\d{2}/],
  ['validator phrasing', /must be a boolean|must be one of|should not be empty|must be an? (string|array|object)|ISO.?8601/i],
];

describe('the words of every form', () => {
  let system: WebSystem;
  /** A movable release a few weeks ahead, on OST, so the booking rule is the next working day. */
  const release = movableFridayAhead(12);
  /** Every message shown, by the form and the kind of input that produced it. */
  const shown: Array<{ form: string; input: string; message: string }> = [];
  let pathwayPath: string;
  let prisonNumber: string;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Submits the form with the button named, and records the messages the page shows (there must be some). */
  async function submitAndRead(page: Page, button: string, form: string, input: string): Promise<string[]> {
    await page.getByRole('button', { name: button }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const messages = [...(await page.locator('.govuk-error-summary__list li').allInnerTexts()), ...(await page.locator('.govuk-error-message').allInnerTexts())].map((m) =>
      m.replace(/^Error:\s*/, '').trim(),
    );
    expect({ form, input, messages: messages.length > 0 }).toEqual({ form, input, messages: true });
    shown.push(...messages.map((message) => ({ form, input, message })));
    return messages;
  }

  async function fillDate(page: Page, prefix: string, parts: [string, string, string]): Promise<void> {
    await page.locator(`#${prefix}-day`).fill(parts[0]);
    await page.locator(`#${prefix}-month`).fill(parts[1]);
    await page.locator(`#${prefix}-year`).fill(parts[2]);
  }

  const partsOf = (date: string): [string, string, string] => {
    const [year, month, day] = date.split('-');
    return [String(Number(day)), String(Number(month)), year];
  };

  const actionLink = (page: Page, taskType: string, action: RegExp) =>
    page.locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${taskType}$`) }) }).getByRole('link', { name: action });

  it('says what is wrong with a registration in the form’s words: empty, malformed, out of range, and a person already registered', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    await page.goto('/releases/new');
    const empty = await submitAndRead(page, 'Register the release', 'register a release', 'empty');
    expect(empty).toEqual(
      expect.arrayContaining([
        'Enter the person’s prison number',
        'Enter the person’s first name',
        'Enter the person’s date of birth',
        'Enter the release date',
        'Select the type of release date',
        'Select what the person is in treatment for',
        'Select the area the person is released to',
        'Select yes if they are on opioid substitution therapy',
      ]),
    );

    await page.getByLabel('Prison number').fill('12');
    await page.getByLabel('First name').fill('!!');
    await page.getByLabel('Last name').fill('Example');
    await fillDate(page, 'dateOfBirth', ['31', '2', '1985']);
    await page.getByLabel('NHS number (optional)').fill('123');
    await fillDate(page, 'releaseDate', ['99', '99', '99']);
        const malformed = await submitAndRead(page, 'Register the release', 'register a release', 'malformed');
    expect(malformed).toEqual(
      expect.arrayContaining([
        'Enter the person’s prison number, like A1234BC',
        'First name must include a letter',
        'Date of birth must be a real date',
        'Release date must be a real date',
      ]),
    );

    prisonNumber = newPrisonNumber();
    await page.getByLabel('Prison number').fill(prisonNumber);
    await page.getByLabel('First name').fill('Sam');
    await fillDate(page, 'dateOfBirth', partsOf(londonDaysAhead(-365 * 10)));
    await page.getByLabel('NHS number (optional)').fill('');
    await fillDate(page, 'releaseDate', partsOf(londonDaysAhead(365 * 5)));
    await chooseArea(page, 'Leeds');
    const outOfRange = await submitAndRead(page, 'Register the release', 'register a release', 'out of range');
    expect(outOfRange.some((m) => /^The person must be 18 or over: their date of birth must be on or before [A-Z][a-z]+day \d+ [A-Z][a-z]+ \d{4}$/.test(m))).toBe(true);
    expect(outOfRange.some((m) => /^Release date must be on or before [A-Z][a-z]+day /.test(m))).toBe(true);

    // On OST, treated for alcohol only: OST treats opioid dependence.
    await fillDate(page, 'dateOfBirth', ['12', '4', '1985']);
    await fillDate(page, 'releaseDate', partsOf(release.friday));
    await page.getByLabel('Conditional release date (CRD)').check();
    await page.getByLabel('Alcohol').check();
    await page.locator('#onOst').check();
    await page.locator('#consentToShare').check();
    expect([...new Set(await submitAndRead(page, 'Register the release', 'register a release', 'OST without opiates'))]).toEqual([
      'Select no for opioid substitution therapy, or select opiates as something the person is in treatment for',
    ]);
    await page.getByLabel('Alcohol').uncheck();

    // Now a good registration, then the same person again.
    await page.getByLabel('Opiates').check();
    await page.locator('#onOst').check();
    await page.locator('#consentToShare').check();
    await page.getByRole('button', { name: 'Register the release' }).click();
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    pathwayPath = new URL(page.url()).pathname;

    await page.goto('/releases/new');
    await page.getByLabel('Prison number').fill(prisonNumber);
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Example');
    await fillDate(page, 'dateOfBirth', ['12', '4', '1985']);
    await fillDate(page, 'releaseDate', partsOf(release.friday));
    await page.getByLabel('Conditional release date (CRD)').check();
    await chooseArea(page, 'Leeds');
    await page.getByLabel('Opiates').check();
    await page.locator('#onOst').check();
    await page.locator('#consentToShare').check();
    expect(await submitAndRead(page, 'Register the release', 'register a release', 'already registered')).toEqual(['This person already has an open pathway']);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe(pathwayPath);
    await context.close();
  });

  it('says what is wrong with each change to a pathway: release date, released, returned to custody, transfer, cancel', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    const event = async (name: string) => page.goto(`${pathwayPath}/events/${name}`);

    await event('release-date');
    expect(await submitAndRead(page, 'Change the release date', 'release date change', 'empty')).toEqual(
      expect.arrayContaining(['Enter the new release date', 'Select the type of release date', 'Enter why the release date changed']),
    );
    await fillDate(page, 'releaseDate', ['31', '2', partsOf(release.friday)[2]]);
    await page.locator('#reason').fill('Sentence recalculated');
    expect(await submitAndRead(page, 'Change the release date', 'release date change', 'malformed')).toContain('Release date must be a real date');
    await fillDate(page, 'releaseDate', partsOf(londonDaysAhead(365 * 5)));
    expect((await submitAndRead(page, 'Change the release date', 'release date change', 'out of range')).some((m) => /^Release date must be on or before /.test(m))).toBe(true);

    await event('released');
    await fillDate(page, 'releasedOn', ['', '', '']);
    expect(await submitAndRead(page, 'Record the release', 'released', 'empty')).toContain('Enter the date the person was released');
    await fillDate(page, 'releasedOn', ['31', '2', '2027']);
    expect(await submitAndRead(page, 'Record the release', 'released', 'malformed')).toContain('The release date must be a real date');
    // Tomorrow is a date the API takes; the pathway's own rule refuses it.
    await fillDate(page, 'releasedOn', partsOf(londonDaysAhead(1)));
    await page.locator('input[name="kind"]').first().check();
    expect(await submitAndRead(page, 'Record the release', 'released', 'in the future')).toContain('The release date must be today or in the past');

    await event('returned-to-custody');
    await fillDate(page, 'on', ['', '', '']);
    expect(await submitAndRead(page, 'Record a return to custody', 'returned to custody', 'empty')).toEqual(
      expect.arrayContaining(['Enter the date the person returned to custody', 'Enter why the person returned to custody, for example recalled']),
    );
    await fillDate(page, 'on', partsOf(londonDaysAhead(-400)));
    await page.locator('#reason').fill('Recalled');
    expect((await submitAndRead(page, 'Record a return to custody', 'returned to custody', 'out of range')).some((m) => /^The date of the return to custody must be on or after /.test(m))).toBe(true);

    await event('transfer');
    expect(await submitAndRead(page, 'Record a transfer', 'transfer', 'empty')).toContain('Select the prison the person is moving to');

    await event('cancel');
    expect(await submitAndRead(page, 'Cancel the pathway', 'cancel', 'empty')).toContain('Enter why the pathway is cancelled');
    await context.close();
  });

  it('says what is wrong with each task action, from the form and from the pathway’s rules, and Back after an action shows the task as it is now', async () => {
    const nurse = await signedIn(system, 'LEI');
    await nurse.page.goto(pathwayPath);
    await actionLink(nurse.page, 'Naloxone', /Record naloxone/).click();
    expect(await submitAndRead(nurse.page, 'Record naloxone', 'naloxone', 'empty')).toContain('Select yes if naloxone was supplied');
    await nurse.page.goto(pathwayPath);
    await actionLink(nurse.page, 'Referral', /Mark as done/).click();
    await nurse.page.getByRole('button', { name: 'Mark as done' }).click();
    await nurse.page.waitForURL(`${system.url}${pathwayPath}`);
    // Back, to the action's page: the task as it is now, not "Page not found".
    await nurse.page.goBack();
    expect(await nurse.page.locator('h1').innerText()).toBe('Referral');
    expect(await nurse.page.locator('main').innerText()).toMatch(/This task was completed by you at \d{1,2}(:\d{2})?[ap]m on [A-Z][a-z]+day \d+ [A-Z][a-z]+ \d{4}\./);
    await nurse.context.close();

    const { context, page } = await signedIn(system, 'CTS-LDS');
    await page.goto(pathwayPath);
    await actionLink(page, 'Referral acceptance', /Decline the referral/).click();
    expect(await submitAndRead(page, 'Decline the referral', 'decline', 'empty')).toContain('Enter why the referral is declined');
    await page.locator('#reason').fill('x'.repeat(2001));
    expect(await submitAndRead(page, 'Decline the referral', 'decline', 'too long')).toContain('The reason is too long; shorten it');
    await page.goto(pathwayPath);
    await actionLink(page, 'Referral acceptance', /Accept the referral/).click();
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await page.waitForURL(`${system.url}${pathwayPath}`);

    await actionLink(page, 'Appointment booking', /Book the first appointment/).click();
    expect(await submitAndRead(page, 'Book the first appointment', 'book', 'empty')).toContain('Enter the date of the appointment, like 27 3 2027');
    await fillDate(page, 'appointmentAt', ['31', '2', '2027']);
    expect(await submitAndRead(page, 'Book the first appointment', 'book', 'malformed date')).toContain('Enter the date of the appointment, like 27 3 2027');
    await fillDate(page, 'appointmentAt', partsOf(release.thursday));
    await page.locator('#appointmentAt-time').fill('25:99');
    expect(await submitAndRead(page, 'Book the first appointment', 'book', 'malformed time')).toContain('Enter the time of the appointment, like 10:30');
    // A year late: the pathway's rule for someone on OST names the last day allowed, in words.
    const [day, month, year] = partsOf(release.thursday);
    await fillDate(page, 'appointmentAt', [day, month, String(Number(year) + 1)]);
    await page.locator('#appointmentAt-time').fill('10:30');
    const late = await submitAndRead(page, 'Book the first appointment', 'book', 'too late');
    expect(late).toContain(
      `The first appointment must be on or before ${dayInWordsForTest(release.friday)}, the next working day after release, for someone on opioid substitution therapy`,
    );
    await fillDate(page, 'appointmentAt', partsOf(release.thursday));
    await page.getByRole('button', { name: 'Book the first appointment' }).click();
    await page.waitForURL(`${system.url}${pathwayPath}`);

    await actionLink(page, 'First appointment', /Record attendance/).click();
    expect(await submitAndRead(page, 'Record attendance', 'attendance', 'empty')).toContain('Select yes if the person attended');
    await page.locator('#attended').check();
    expect(await submitAndRead(page, 'Record attendance', 'attendance', 'before the appointment')).toContain(
      `You can record attendance once the appointment has begun, at 10:30am on ${dayInWordsForTest(release.thursday)}`,
    );
    await context.close();
  });

  it('answers an edited address with an id that is no id with "Page not found"', async () => {
    const { context, page } = await signedIn(system, 'LEI');
    for (const address of ['/pathways/12345678-1234-1234-1234-123456789abc', '/pathways/not-an-id', '/tasks/12345678-1234-1234-1234-123456789abc/complete', '/pathways/12345678-1234-1234-1234-123456789abc/events/cancel']) {
      const answer = await page.goto(address);
      expect({ address, status: answer?.status(), heading: await page.locator('h1').innerText() }).toEqual({ address, status: 404, heading: 'Page not found' });
    }
    await context.close();
  });

  it('never showed a message in developer language', () => {
    expect(new Set(shown.map((s) => s.form))).toEqual(new Set(['register a release', 'release date change', 'released', 'returned to custody', 'transfer', 'cancel', 'naloxone', 'decline', 'book', 'attendance']));
    const faults = shown.flatMap(({ form, input, message }) => DEVELOPER_LANGUAGE.filter(([, pattern]) => pattern.test(message)).map(([what]) => ({ form, input, message, what })));
    expect(faults).toEqual([]);
  });
});
