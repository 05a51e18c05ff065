/**
 * A booked first appointment re-arranged (issue 26): a new time and a new place (one of the
 * service's sites, telephone or video), as the booking took them, through the pathway's
 * workflow (`rearrange` on the open first-appointment step, patch `appointment-rearranged`) and
 * through FHIR (the Appointment sent back with a new start). The step stays open and its
 * deadline follows the new time; the timeline, the FHIR Appointment and the plan show the
 * appointment as it stands; probation sees the new time, not the place.
 */
import { randomUUID } from 'node:crypto';
import { addDays, londonInstant } from '@throughcare/domain';
import { ApiClient, Json } from '../support/api-client';
import { DEFAULT_RELEASE } from '../support/dates';
import { FhirClient } from '../support/fhir-client';
import { recordHistory } from '../support/histories';
import { startSuite, Suite } from '../support/suite';
import { registration, suiteConfig, tokenFor } from '../support/system';

describe('re-arranging the first appointment', () => {
  let suite: Suite;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let fhir: FhirClient;

  beforeAll(async () => {
    suite = await startSuite(suiteConfig());
    [prison, community, probation] = await Promise.all([suite.as('LEI', 'prison-healthcare'), suite.as('CTS-LDS', 'community-treatment'), suite.as('PDU-LDS', 'probation')]);
    fhir = new FhirClient(suite.api.getHttpServer(), await tokenFor('CTS-LDS', 'community-treatment'));
  });

  afterAll(() => suite?.close());

  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);
  const bookedAt = londonInstant(DEFAULT_RELEASE.friday, '10:00').toISOString();
  /** The Tuesday after: within the 21 days, for someone not on OST. */
  const movedAt = londonInstant(addDays(DEFAULT_RELEASE.friday, 4), '14:30').toISOString();

  /** A pathway (not on OST) whose first appointment is booked at the service's Harehills site. */
  async function booked(): Promise<{ pathway: Json; booking: Json; step: Json }> {
    const pathway = await prison.post('/v1/releases', registration({ treatment: { substances: ['alcohol'], onOst: false, consentToShare: true } }), 201);
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    await community.post(`/v1/tasks/${taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance').id}/accept`, {});
    const booking = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'appointment-booking');
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: bookedAt, place: { channel: 'in-person', site: 'harehills' } });
    return { pathway, booking, step: taskOf(await community.get(`/v1/pathways/${pathway.id}`), 'first-appointment') };
  }

  it('moves the appointment to a new time by video, then to the main site, and every reader sees it as it stands', async () => {
    const { pathway, step } = await booked();
    expect(step.actions.map((a: Json) => a.name)).toEqual(['complete', 'rearrange']);
    expect(step.actions[1]).toEqual({ name: 'rearrange', href: `/v1/tasks/${step.id}/rearrange`, fields: [{ name: 'appointmentAt', kind: 'date-time', required: true }, { name: 'place', kind: 'place', required: false }] });

    const moved = await community.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt: movedAt, place: { channel: 'video' } });
    expect(moved).toMatchObject({ state: 'open', details: { appointmentAt: movedAt, placeChannel: 'video', rearrangedAt: expect.any(String) } });
    expect(moved.details).not.toHaveProperty('placeName');
    expect(new Date(moved.dueAt).getTime()).toBeGreaterThan(new Date(movedAt).getTime());
    expect(moved.dueAt).not.toBe(step.dueAt);

    const after = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'appointment-rearranged', actor: { org: 'CTS-LDS' }, details: { from: bookedAt, to: movedAt } });
    // The plan: the new time, by video, no site.
    expect((await prison.get(`/v1/pathways/${pathway.id}/plan`)).firstAppointment).toMatchObject({ at: movedAt, channel: 'video', placeName: null, placeAddress: null });
    // Probation (here with consent, so it sees what healthcare sees): the new time.
    expect(taskOf(await probation.get(`/v1/pathways/${pathway.id}`), 'first-appointment').details).toMatchObject({ appointmentAt: movedAt });

    // Back in person, no site named: the service's main site, as a booking.
    const key = randomUUID();
    const again = await community.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt: bookedAt }, 200, key);
    expect(again.details).toMatchObject({ appointmentAt: bookedAt, placeChannel: 'in-person', placeSite: 'main', placeName: 'Forward Leeds' });
    // The same request again (its Idempotency-Key) answers as the first did, and adds nothing.
    await community.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt: bookedAt }, 200, key);
    const events = (await prison.get(`/v1/pathways/${pathway.id}`)).timeline.filter((e: Json) => e.type === 'appointment-rearranged');
    expect(events).toHaveLength(2);
    await recordHistory(suite.temporal, 'rearranged', pathway.id);
  });

  it('refuses what a booking would refuse, and a step no longer open', async () => {
    const { pathway, step } = await booked();
    const fields = async (body: object, status = 400) => ((await community.post(`/v1/tasks/${step.id}/rearrange`, body, status)).errors as Json[]).map((e) => e.field);
    expect(await fields({ place: { channel: 'video' } })).toEqual(['appointmentAt']);
    expect(await fields({ appointmentAt: 'next Tuesday' })).toEqual(['appointmentAt']);
    expect(await fields({ appointmentAt: movedAt, place: { channel: 'in-person', site: 'nowhere' } })).toEqual(['place.site']);
    expect(await fields({ appointmentAt: movedAt, place: { channel: 'telephone', site: 'harehills' } })).toEqual(['place.site']);
    // Beyond the 21 days after release.
    expect(await fields({ appointmentAt: londonInstant(addDays(DEFAULT_RELEASE.friday, 40), '10:00').toISOString() })).toEqual(['appointmentAt']);
    // Only the service may, and only on the first-appointment step.
    await prison.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt: movedAt }, 403);
    await prison.post(`/v1/tasks/${taskOf(pathway, 'assessment').id}/rearrange`, { appointmentAt: movedAt }, 409);
    // Nothing changed by any of it.
    expect((await community.get(`/v1/tasks/${step.id}`)).details).toMatchObject({ appointmentAt: bookedAt, placeSite: 'harehills' });
  });
  /**
   * Last, and with every /v1 call first: the suite's FHIR client is supertest, and a fetch to the
   * same server after it has been seen to fail with a closed socket under load.
   */
  it('shows the re-arranged appointment on FHIR, and re-arranges when the Appointment comes back with a new start, keeping its site', async () => {
    const [video, inPerson] = await Promise.all([booked(), booked()]);
    await community.post(`/v1/tasks/${video.step.id}/rearrange`, { appointmentAt: movedAt, place: { channel: 'video' } });
    const appointment = await fhir.get(`Appointment/${video.booking.id}`);
    expect(appointment).toMatchObject({ status: 'booked', start: movedAt, extension: [{ valueCode: 'video' }] });
    expect(appointment.participant.some((p: Json) => p.actor?.type === 'Location')).toBe(false);

    const { booking } = inPerson;
    const current = await fhir.get(`Appointment/${booking.id}`);
    const sent = { ...current, start: movedAt, end: new Date(new Date(movedAt).getTime() + 3_600_000).toISOString() };
    await fhir.send('put', `Appointment/${booking.id}`, sent, 412, { 'If-Match': 'W/"1"' });
    const moved = await fhir.send('put', `Appointment/${booking.id}`, sent, 200, { 'If-Match': `W/"${current.meta.versionId}"` });
    expect(moved).toMatchObject({ status: 'booked', start: movedAt, extension: [{ valueCode: 'in-person' }] });
    expect(moved.participant).toContainEqual(expect.objectContaining({ actor: { type: 'Location', display: 'Forward Leeds Harehills, 3 Sample Road, Leeds LS8 5ZZ' } }));
    expect(Number(moved.meta.versionId)).toBeGreaterThan(Number(current.meta.versionId));
    const step = await community.raw('get', `/v1/tasks/${inPerson.step.id}`);
    expect(step.body.details).toMatchObject({ appointmentAt: movedAt, placeSite: 'harehills' });
    // The same Appointment again changes nothing; an unknown channel is refused.
    expect((await fhir.send('put', `Appointment/${booking.id}`, moved, 200)).meta.versionId).toBe(moved.meta.versionId);
    await fhir.send('put', `Appointment/${booking.id}`, { ...moved, extension: [{ url: moved.extension[0].url, valueCode: 'carrier-pigeon' }] }, 400);
  });
});
