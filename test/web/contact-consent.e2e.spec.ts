/**
 * The person's mobile number and consent to texts on the pathway page, in a real browser: the
 * prison's nurse records it on the form (GOV.UK's phone input and yes/no radios), a wrong
 * number is answered in the pages' own words, the summary shows it with who recorded it, the
 * withdrawal asks first; probation sees none of it. Every page passes axe.
 */
import { registration } from '../support/system';
import { apiAs, expectAccessible, signedIn, startWebSystem, WebSystem } from './web-app';

describe("the person's mobile number on the pathway page", () => {
  let system: WebSystem;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('records, changes and withdraws the number on the forms, in plain words, and shows it only to healthcare', async () => {
    const prison = await apiAs(system, 'LEI', 'prison-healthcare');
    const pathway = await prison.post('/v1/releases', registration({ givenName: 'Robin', familyName: 'Sample' }), 201);
    const nurse = await signedIn(system, 'LEI');
    const page = nurse.page;
    const fact = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('.govuk-summary-list__value');

    await page.goto(`/pathways/${pathway.id}`);
    expect(await fact('Mobile number').innerText()).toBe('Not recorded');
    await page.getByRole('link', { name: 'Record mobile number and consent to texts' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}/contact`);
    expect(await page.getByLabel('Mobile number').getAttribute('type')).toBe('tel');

    // Nothing answered: both questions, in the pages' words, linked from the summary.
    await page.getByRole('button', { name: 'Save the mobile number' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual(['Enter the person’s mobile number', 'Select yes if the person agrees to be sent text reminders']);
    await expectAccessible(page);

    // A landline, and a number written with letters.
    await page.getByLabel('Mobile number').fill('0113 496 0123');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Save the mobile number' }).click();
    await summary.waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual(['Enter a UK mobile number: texts cannot be sent to landlines or numbers outside the UK']);
    expect(await page.getByLabel('Yes').isChecked()).toBe(true);
    await page.getByLabel('Mobile number').fill('07700 one two three');
    await page.getByRole('button', { name: 'Save the mobile number' }).click();
    await summary.waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual(['Enter a UK mobile number, starting 07 or +44 7, using only numbers, spaces and brackets']);
    await expectAccessible(page);

    await page.getByLabel('Mobile number').fill('+44 (0)7700 123-456');
    await page.getByRole('button', { name: 'Save the mobile number' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Mobile number and consent to texts recorded');
    expect(await fact('Mobile number').innerText()).toBe('07700 123456');
    expect(await fact('Agrees to text reminders').innerText()).toBe('Yes');
    expect(await fact('Recorded by').innerText()).toMatch(/^.+, HMP Leeds, at \d{1,2}(:\d{2})?(am|pm) on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/);
    await expectAccessible(page);

    // Changing shows what is held; the answer changes to no.
    await page.getByRole('link', { name: 'Change mobile number and consent to texts' }).click();
    expect(await page.getByLabel('Mobile number').inputValue()).toBe('07700 123456');
    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Save the mobile number' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    expect(await fact('Agrees to text reminders').innerText()).toBe('No');

    // Withdrawing asks first; going back changes nothing.
    await page.getByRole('link', { name: 'Withdraw consent to text reminders' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}/contact/withdraw`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'No, go back to the pathway' }).click();
    expect(await fact('Mobile number').innerText()).toBe('07700 123456');
    await page.getByRole('link', { name: 'Withdraw consent to text reminders' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw consent' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    expect(await fact('Mobile number').innerText()).toBe('Removed when consent was withdrawn');
    expect(await fact('Agrees to text reminders').innerText()).toBe('No, consent withdrawn');
    expect(await fact('Consent withdrawn by').innerText()).toContain('HMP Leeds');
    expect(await page.getByRole('link', { name: 'Withdraw consent to text reminders' }).count()).toBe(0);
    await expectAccessible(page);
    await nurse.context.close();

    // Probation (the person consented to share their treatment) sees no number and no link; the form's address is not a page for them.
    await prison.put(`/v1/pathways/${pathway.id}/contact`, { mobileNumber: '07700 123456', consentToText: true });
    const officer = await signedIn(system, 'PDU-LDS');
    await officer.page.goto(`/pathways/${pathway.id}`);
    const text = await officer.page.locator('main').innerText();
    expect(text).not.toContain('Text reminders');
    expect(text).not.toContain('123456');
    const form = await officer.page.goto(`/pathways/${pathway.id}/contact`);
    expect(form?.status()).toBe(404);
    await officer.context.close();
  });
});
