/**
 * The "Movements to review" pages in a real browser: what HMPPS reported for the prison to
 * decide, linked from the pathway, decided in GOV.UK's words (names, not codes; dates written
 * out), each page passing axe (WCAG 2.1 AA).
 */
import { reviewItemFor } from '../intake/hmpps-events';
import { registration, tokenFor } from '../support/system';
import { expectAccessible, signedIn, startWebSystem, WebSystem } from './web-app';

/** "Monday 7 December 2026 at 9:05am": a day and a time in words, never an ISO timestamp. */
const DAY_AND_TIME = /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at \d{1,2}(:\d{2})?(am|pm)/;

describe('the movements to review pages', () => {
  let system: WebSystem;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });


  /** A Leeds pathway that HMPPS reported released to hospital (the worker's review item). */
  async function reportedToHospital(): Promise<{ pathwayId: string; name: string }> {
    const body = registration({ givenName: 'Robin', familyName: 'Hospital' });
    const res = await fetch(`${system.apiUrl}/v1/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('LEI', 'prison-healthcare')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    const pathwayId = ((await res.json()) as { id: string }).id;
    await reviewItemFor(pathwayId);
    return { pathwayId, name: 'Robin Hospital' };
  }

  it('links a movement to decide from the pathway, refuses a decision without an answer in plain words, and records one', async () => {
    const { pathwayId, name } = await reportedToHospital();
    const { context, page } = await signedIn(system, 'LEI');
    await page.goto(`/pathways/${pathwayId}`);
    const warning = page.locator('.govuk-warning-text');
    expect(await warning.innerText()).toContain('HMPPS reported a movement for you to decide');
    await expectAccessible(page);
    await warning.getByRole('link', { name: /released to hospital/ }).click();

    await page.waitForURL(/\/reviews\//);
    expect(await page.locator('h1').innerText()).toBe('Released to hospital');
    expect(await page.locator('.govuk-caption-l').innerText()).toBe(name);
    const facts = await page.locator('.govuk-summary-list').innerText();
    expect(facts).toContain('HMP Leeds');
    expect(facts).toMatch(DAY_AND_TIME);
    expect(facts).not.toMatch(/\d{4}-\d{2}-\d{2}|hospital,|HO\b/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Save the decision' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Select what to do about this movement');
    expect(await summary.innerText()).toContain('Enter why, for example what the hospital told you');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);

    await page.getByLabel('Change nothing').check();
    await page.getByLabel('Why?').fill('Taken to hospital for the day and brought back; still serving');
    await page.getByRole('button', { name: 'Save the decision' }).click();
    await page.waitForURL(`${system.url}/reviews`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Marked as needing no change');
    expect(await page.locator('main').innerText()).not.toContain(name);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Show decided movements' }).click();
    const row = page.locator('tbody tr', { hasText: name });
    expect(await row.innerText()).toContain('Change nothing: Taken to hospital for the day');
    expect(await row.innerText()).toMatch(DAY_AND_TIME);
    await expectAccessible(page);
    await page.goto(`/pathways/${pathwayId}`);
    expect(await page.locator('.govuk-warning-text').count()).toBe(0);
    await context.close();
  });

  it("shows another prison nothing of Leeds's movements", async () => {
    const { name } = await reportedToHospital();
    const { context, page } = await signedIn(system, 'BMI');
    await page.getByRole('link', { name: 'Movements to review' }).click();
    expect(await page.locator('main').innerText()).not.toContain(name);
    await expectAccessible(page);
    await context.close();
  });
});
