/**
 * The FHIR API and the pages are one record: a referral accepted by a service's own system
 * through /fhir/R4 shows as accepted on the pathway page, with the history saying who; and a
 * referral accepted on the pages reads as an accepted Task through FHIR. In Chromium, against
 * the real API, worker, Temporal and PostgreSQL.
 */
import { ApiClient, type Json } from '../support/api-client';
import { FhirClient, sentReferral } from '../support/fhir-client';
import { tokenFor } from '../support/system';
import { signedIn, startWebSystem, WebSystem } from './web-app';

const PATCH = { 'Content-Type': 'application/json-patch+json' };

describe('the FHIR API and the pages', () => {
  let system: WebSystem;
  let prison: ApiClient;
  let fhir: FhirClient;

  beforeAll(async () => {
    system = await startWebSystem();
    prison = new ApiClient(system.apiUrl, await tokenFor('LEI', 'prison-healthcare'));
    fhir = new FhirClient(system.apiUrl, await tokenFor('CTS-LDS', 'community-treatment'));
  });

  afterAll(async () => {
    await system?.stop();
  });

  const acceptanceRow = (page: Awaited<ReturnType<typeof signedIn>>['page']) => page.locator('tr', { hasText: 'Referral acceptance' });

  it('shows a referral accepted through FHIR as accepted on the pathway page', async () => {
    const { pathway, task } = await sentReferral(prison, fhir, 'CTS-LDS');
    const accepted = await fhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/status', value: 'accepted' }], 200, PATCH);
    expect(accepted).toMatchObject({ status: 'accepted' });

    const { context, page } = await signedIn(system, 'CTS-LDS');
    await page.goto(`/pathways/${pathway.id}`);
    expect(await acceptanceRow(page).locator('.govuk-tag').innerText()).toBe('Done');
    expect(await acceptanceRow(page).getByRole('link', { name: /Accept the referral/ }).count()).toBe(0);
    const history = await page.locator('.moj-timeline__item').allInnerTexts();
    expect(history.find((h) => h.includes('Referral accepted'))).toContain('by Forward Leeds');
    await context.close();
  });

  it('reads a referral accepted on the pages as an accepted Task through FHIR', async () => {
    const { pathway, task } = await sentReferral(prison, fhir, 'CTS-LDS');
    const { context, page } = await signedIn(system, 'CTS-LDS');
    await page.goto(`/pathways/${pathway.id}`);
    await acceptanceRow(page).getByRole('link', { name: /Accept the referral/ }).click();
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    await context.close();

    const read: Json = await fhir.get(`Task/${task.id}`);
    expect(read).toMatchObject({ id: task.id, status: 'accepted' });
    expect(Number(read.meta.versionId)).toBeGreaterThan(Number(task.meta.versionId));
    // The step the acceptance opens is in the service's FHIR worklist.
    const { matches } = await fhir.searchAll(`owner=CTS-LDS&status=ready&code=appointment-booking&patient=${pathway.id}`);
    expect(matches).toEqual([expect.objectContaining({ status: 'ready', focus: { reference: `ServiceRequest/${pathway.id}` } })]);
  });
});
