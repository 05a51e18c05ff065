/**
 * The first appointment has a place and the OST bridge a pharmacy (issue 26), through the
 * pathway's workflow as the booking always went: the place resolved against the service's
 * public profile (its main site when none is named), carried onto the first-appointment step,
 * shown on the FHIR Appointment; the plan the person takes with them, for the healthcare teams
 * only and audited; and none of it in plaintext in the workflow's history.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { londonInstant } from '@throughcare/domain';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { ApiClient, Json } from '../support/api-client';
import { DEFAULT_RELEASE } from '../support/dates';
import { expectValidR4 } from '../support/fhir-conformance';
import { recordHistory } from '../support/histories';
import { startSuite, Suite } from '../support/suite';
import { registration, suiteConfig } from '../support/system';

const PHARMACY = { name: 'Quillfeather Pharmacy', address: { lines: ['14 Imaginary Parade'], town: 'Leeds', postcode: 'ls9 8zz' } };

describe('where the first appointment is, and the bridge pharmacy', () => {
  let suite: Suite;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let commissioner: ApiClient;

  beforeAll(async () => {
    suite = await startSuite(suiteConfig());
    [prison, community, probation, commissioner] = await Promise.all([
      suite.as('LEI', 'prison-healthcare'),
      suite.as('CTS-LDS', 'community-treatment'),
      suite.as('PDU-LDS', 'probation'),
      suite.as('LA-LDS', 'commissioner'),
    ]);
  });

  afterAll(() => suite?.close());

  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);
  /** By the next working day after release, as the OST rule asks: the Friday after the Thursday of release. */
  const appointmentAt = londonInstant(DEFAULT_RELEASE.friday, '10:00').toISOString();

  /** A registered OST pathway whose referral is accepted: its booking task open. */
  async function accepted(consentToShare = true): Promise<{ pathway: Json; booking: Json }> {
    const pathway = await prison.post('/v1/releases', registration({ treatment: { substances: ['opiates'], onOst: true, consentToShare } }), 201);
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    await community.post(`/v1/tasks/${taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance').id}/accept`, {});
    return { pathway, booking: taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'appointment-booking') };
  }

  it('books at a named site, carries the place onto the first-appointment step, and records the bridge pharmacy', async () => {
    const { pathway, booking } = await accepted();
    const booked = await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt, place: { channel: 'in-person', site: 'harehills' } });
    expect(booked.details).toEqual({ appointmentAt, placeChannel: 'in-person', placeSite: 'harehills', placeName: 'Forward Leeds Harehills', placeAddress: '3 Sample Road, Leeds LS8 5ZZ' });
    const bridge = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'ost-bridging');
    await prison.post(`/v1/tasks/${bridge.id}/complete`, { pharmacy: PHARMACY, firstCollectionOn: DEFAULT_RELEASE.thursday });

    const after = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(taskOf(after, 'first-appointment').details).toMatchObject({ appointmentAt, placeChannel: 'in-person', placeName: 'Forward Leeds Harehills' });
    expect(taskOf(after, 'ost-bridging').details).toEqual({ pharmacyName: 'Quillfeather Pharmacy', pharmacyAddress: '14 Imaginary Parade, Leeds LS9 8ZZ', firstCollectionOn: DEFAULT_RELEASE.thursday });

    // FHIR: UK Core's delivery channel, and the site as the Appointment's Location.
    const fhir = await community.get(`/fhir/R4/Appointment/${booking.id}`);
    expectValidR4(fhir);
    expect(fhir.extension).toEqual([{ url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel', valueCode: 'in-person' }]);
    expect(fhir.participant).toContainEqual(expect.objectContaining({ actor: { type: 'Location', display: 'Forward Leeds Harehills, 3 Sample Road, Leeds LS8 5ZZ' } }));

    // The plan the person takes with them: names as people know them, the phone, the pharmacy.
    const plan = await prison.get(`/v1/pathways/${pathway.id}/plan`);
    expect(plan).toMatchObject({
      givenName: 'Sam',
      firstAppointment: { at: appointmentAt, channel: 'in-person', placeName: 'Forward Leeds Harehills', service: { name: 'Forward Leeds', phone: '0113 496 0123' }, whatToBring: expect.any(String) },
      pharmacy: { name: 'Quillfeather Pharmacy', firstCollectionOn: DEFAULT_RELEASE.thursday },
      naloxone: { supplied: null },
      probation: { name: 'Leeds Probation Office' },
    });
    expect(JSON.stringify(plan)).not.toMatch(/CTS-LDS|PDU-LDS|"LEI"/);
    expect(await community.get(`/v1/pathways/${pathway.id}/plan`)).toEqual(plan);
    // Probation (even with consent) and commissioners cannot open it; every opening is audited.
    await probation.get(`/v1/pathways/${pathway.id}/plan`, 403);
    await commissioner.get(`/v1/pathways/${pathway.id}/plan`, 403);
    const audited: Json[] = await suite.db.query(`SELECT actor_org, status FROM audit_log WHERE pathway_id = $1 AND action = 'pathway.plan-read' ORDER BY id`, [pathway.id]);
    expect(audited).toEqual([
      { actor_org: 'LEI', status: 200 },
      { actor_org: 'CTS-LDS', status: 200 },
      { actor_org: 'PDU-LDS', status: 403 },
      { actor_org: 'LA-LDS', status: 403 },
    ]);

    // The history the server keeps holds none of it in plaintext (the payload codec encrypts every payload).
    const history = JSON.stringify(historyToJSON(await suite.temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory()));
    for (const text of ['Quillfeather', 'Imaginary Parade', 'Harehills', 'Sample Road']) expect(history).not.toContain(text);
    await recordHistory(suite.temporal, 'booked-with-place-and-pharmacy', pathway.id);
  });

  it("books at the service's main site when no place is given, and by telephone without an address", async () => {
    const { booking } = await accepted();
    const main = await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt });
    expect(main.details).toMatchObject({ placeChannel: 'in-person', placeSite: 'main', placeName: 'Forward Leeds', placeAddress: 'Forward Leeds Hub, 12 Example Lane, Leeds LS2 7ZZ' });

    const { booking: other } = await accepted();
    const phoned = await community.post(`/v1/tasks/${other.id}/complete`, { appointmentAt, place: { channel: 'telephone' } });
    expect(phoned.details).toEqual({ appointmentAt, placeChannel: 'telephone' });
  });

  it('refuses a site the service does not have, a site for a call, and a place or pharmacy on the wrong task', async () => {
    const { pathway, booking } = await accepted();
    const fields = async (taskId: string, body: object) => ((await community.post(`/v1/tasks/${taskId}/complete`, body, 400)).errors as Json[]).map((e) => e.field);
    expect(await fields(booking.id, { appointmentAt, place: { channel: 'in-person', site: 'nowhere' } })).toEqual(['place.site']);
    expect(await fields(booking.id, { appointmentAt, place: { channel: 'video', site: 'harehills' } })).toEqual(['place.site']);
    expect(await fields(booking.id, { appointmentAt, place: { channel: 'carrier-pigeon' } })).toEqual(['place.channel']);
    expect(await fields(booking.id, { appointmentAt, pharmacy: PHARMACY })).toEqual(['pharmacy']);
    const bridge = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'ost-bridging');
    const bad = await prison.post(`/v1/tasks/${bridge.id}/complete`, { pharmacy: { ...PHARMACY, address: { ...PHARMACY.address, postcode: 'not one' } } }, 400);
    expect(bad.errors.map((e: Json) => e.field)).toEqual(['pharmacy.address.postcode']);
    const alone = await prison.post(`/v1/tasks/${bridge.id}/complete`, { firstCollectionOn: DEFAULT_RELEASE.thursday }, 400);
    expect(alone.errors.map((e: Json) => e.field)).toEqual(['pharmacy']);
    // A bridge recorded as before, with no pharmacy, still works.
    await prison.post(`/v1/tasks/${bridge.id}/complete`, {});
    expect((await prison.get(`/v1/pathways/${pathway.id}/plan`)).pharmacy).toBeNull();
  });
});
