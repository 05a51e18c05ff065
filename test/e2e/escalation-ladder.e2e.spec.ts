/**
 * The pathway engine end to end on a real Temporal server, with a policy in seconds:
 * the escalation ladder, pathway events and the outcome. Every expectation holds at any hour
 * of any day: dates are derived from today and the policy, and assertions name the task under
 * test, since steps due by the working day can pass their reminder in the evening.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Config } from '@throughcare/config';
import { addDays, addWorkingDays, COMPILED_CALENDAR, dayOfWeek, expectedReleaseDay, londonDateOf, londonInstant, nextWorkingDay } from '@throughcare/domain';
import { dataConverter } from '@throughcare/temporal';
import { pathwayQuery, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import request from 'supertest';
import { ApiClient, eventually, Json, sleep } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { recordHistory } from '../support/histories';
import { ended, expectAsleepUntil } from '../support/wake-up';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('the escalation ladder and pathway events', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let temporal: Client;
  let connection: Connection;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let commissioner: ApiClient;
  let leedsPrison: ApiClient;

  beforeAll(async () => {
    // A short history limit, so many date changes make the workflow continue as new.
    config = suiteConfig({ PATHWAY_HISTORY_LIMIT: '100' });
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    const server = api.getHttpServer();
    const as = async (org: string, role: string) => new ApiClient(server, await tokenFor(org, role));
    [prison, community, probation, commissioner, leedsPrison] = await Promise.all([
      as('BMI', 'prison-healthcare'),
      as('CTS-BHM', 'community-treatment'),
      as('PDU-BHM', 'probation'),
      as('LA-BHM', 'commissioner'),
      as('LEI', 'prison-healthcare'),
    ]);
    const admin = await as('THC-OPS', 'admin');
    await installFastPolicy(admin);
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, dataConverter: dataConverter(config) });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await connection?.close();
  });

  const register = (overrides: Record<string, unknown> = {}) =>
    prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA, ...overrides }), 201);
  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);
  const pathwayAs = (client: ApiClient, id: string) => client.get(`/v1/pathways/${id}`);
  const escalationsOf = async (id: string, taskId: string) =>
    (await pathwayAs(prison, id)).escalations.filter((e: Json) => e.taskId === taskId);

  /**
   * A Friday four or five weeks ahead, as a CRD: the non-Friday rule brings it forward, and
   * T is what the domain says it is, whatever the calendar around it.
   */
  function fridayRelease(): { releaseDate: string; t: string } {
    const today = londonDateOf(new Date());
    let releaseDate = addDays(today, 28);
    while (dayOfWeek(releaseDate) !== 5) releaseDate = addDays(releaseDate, 1);
    return { releaseDate, t: expectedReleaseDay(releaseDate, 'CRD', today, COMPILED_CALENDAR).expectedReleaseDate };
  }
  /** 10:00 London on a date, as an instant with its offset. */
  const tenAm = (date: string) => londonInstant(date, '10:00').toISOString();

  /** Sends the referral and answers the acceptance task the community service now has. */
  async function sendReferral(pathway: Json): Promise<Json> {
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    return taskOf(await pathwayAs(prison, pathway.id), 'referral-acceptance');
  }

  it('raises reminder, L1, L2 and L3 in order, each once, when a referral is never accepted', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    expect(acceptance).toMatchObject({ owner: 'CTS-BHM', state: 'open', escalationLevel: null });

    const raised = await eventually('L3 on the acceptance', async () => {
      const rows = await escalationsOf(pathway.id, acceptance.id);
      return rows.length === 4 && rows;
    });
    expect(raised.map((e: Json) => e.level)).toEqual(['reminder', 'L1', 'L2', 'L3']);
    const at = raised.map((e: Json) => Date.parse(e.raisedAt));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(raised[0].notify).toEqual([{ org: 'CTS-BHM', audience: 'owner' }]);
    expect(raised[2].notify).toEqual([
      { org: 'CTS-BHM', audience: 'owner-managers' },
      { org: 'BMI', audience: 'requester' },
    ]);
    expect(raised[3].notify).toEqual([{ org: 'LA-BHM', audience: 'commissioner' }]);

    const task = await community.get(`/v1/tasks/${acceptance.id}`);
    expect(task).toMatchObject({ overdue: true, escalationLevel: 'L3', state: 'open' });
    const commissionerView = await commissioner.get('/v1/escalations?notifiedToMe=true&state=open&limit=200');
    expect(commissionerView.items.filter((e: Json) => e.taskId === acceptance.id).map((e: Json) => e.level)).toEqual(['L3']);

    // L3 is the ladder's last level: asleep for the next ten minutes, nothing more can be raised.
    await expectAsleepUntil(temporal, pathway.id, new Date(Date.now() + 10 * 60_000));
    expect(await escalationsOf(pathway.id, acceptance.id)).toHaveLength(4);
    await recordHistory(temporal, 'acceptance-ladder', pathway.id);
  });

  it('stops the ladder as soon as the referral is accepted', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await eventually('the reminder', async () => (await escalationsOf(pathway.id, acceptance.id)).length > 0);
    const accepted = await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    expect(accepted).toMatchObject({ state: 'done', outcome: 'accepted' });
    // Asleep past where L3 would have been (6 s after the deadline): no level can come.
    await expectAsleepUntil(temporal, pathway.id, new Date(Date.parse(acceptance.dueAt) + 60_000));
    expect((await escalationsOf(pathway.id, acceptance.id)).map((e: Json) => e.level)).toEqual(['reminder']);
    expect(taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking')).toMatchObject({ owner: 'CTS-BHM', state: 'open' });
  });

  it('sends a declined referral back to the prison and tells the commissioner, with nothing readable in the raw history', async () => {
    const person = registration({ prisonCode: 'BMI', destinationArea: FAST_AREA, givenName: 'Morwenna', familyName: 'Trevithick' });
    const pathway = await prison.post('/v1/releases', person, 201);
    const acceptance = await sendReferral(pathway);
    const noReason = await community.post(`/v1/tasks/${acceptance.id}/decline`, {}, 400);
    expect(noReason).toMatchObject({ type: expect.stringMatching(/validation$/), errors: [{ field: 'reason', messages: [expect.stringMatching(/reason/)] }] });
    await community.post(`/v1/tasks/${acceptance.id}/decline`, { reason: 'Lives outside our area' });
    const after = await pathwayAs(prison, pathway.id);
    expect(taskOf(after, 're-referral')).toMatchObject({ owner: 'BMI', state: 'open' });
    expect(after.timeline.find((e: Json) => e.type === 'referral-declined').details).toMatchObject({ informed: 'LA-BHM' });

    // The commissioner is told through its escalations: a notice, which escalates nothing.
    // (A slow run may also have raised the acceptance's reminder, to the service, before the decline.)
    const notices = (items: Json[]) => items.filter((e) => e.pathwayId === pathway.id && e.level === 'notice');
    const notice = { key: `${acceptance.id}:notice`, taskId: acceptance.id, notify: [{ org: 'LA-BHM', audience: 'commissioner' }] };
    expect(notices(after.escalations)).toEqual([expect.objectContaining(notice)]);
    expect(notices((await commissioner.get('/v1/escalations?notifiedToMe=true&limit=200')).items)).toEqual([expect.objectContaining(notice)]);
    expect(notices((await community.get('/v1/escalations?notifiedToMe=true&limit=200')).items)).toEqual([]);
    const declined = taskOf(after, 'referral-acceptance');
    expect(declined).toMatchObject({ state: 'done', overdue: false });
    expect(declined.escalationLevel).not.toBe('notice');
    await recordHistory(temporal, 'declined-notice', pathway.id);

    // The history as the server keeps it, read without the codec: no personal data, no staff free text.
    const raw = historyToJSON(await temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory());
    for (const secret of ['Morwenna', 'Trevithick', person.prisonNumber as string, person.nhsNumber as string, person.dateOfBirth as string, 'outside our area']) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain(Buffer.from('binary/encrypted').toString('base64')); // metadata is base64 in JSON
    // Decoded with the key, the decline reason is there: the codec hides it, it was not left out.
    const decoded = await dataConverter(config).payloadCodecs![0].decode(
      (await temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory()).events!.flatMap(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
      ),
    );
    expect(decoded.map((p) => Buffer.from(p.data!).toString()).join()).toContain('outside our area');
  });

  it('sends the referral again after a decline, to another service when the prison names one', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/decline`, { reason: 'No capacity' });
    const reReferral = taskOf(await pathwayAs(prison, pathway.id), 're-referral');
    await prison.post(`/v1/tasks/${reReferral.id}/complete`, { communityTreatmentCode: 'PDU-LDS' }, 422);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, { communityTreatmentCode: 'CTS-LDS' }, 400);
    expect(await prison.post(`/v1/tasks/${reReferral.id}/complete`, { communityTreatmentCode: 'CTS-LDS' })).toMatchObject({ state: 'done' });

    const after = await pathwayAs(prison, pathway.id);
    expect(after.organisations.communityTreatment).toBe('CTS-LDS');
    expect(after.timeline.find((e: Json) => e.type === 're-referred').details).toEqual({ from: 'CTS-BHM', to: 'CTS-LDS' });
    const again = after.tasks.find((t: Json) => t.type === 'referral-acceptance' && t.state === 'open');
    expect(again).toMatchObject({ owner: 'CTS-LDS' });
    // The new service sees the pathway and takes it on; the one that declined no longer sees it.
    const leedsService = new ApiClient(api.getHttpServer(), await tokenFor('CTS-LDS', 'community-treatment'));
    await leedsService.post(`/v1/tasks/${again.id}/accept`, {});
    expect(taskOf(await pathwayAs(leedsService, pathway.id), 'appointment-booking')).toMatchObject({ owner: 'CTS-LDS', state: 'open' });
    await community.get(`/v1/pathways/${pathway.id}`, 404);
    await recordHistory(temporal, 're-referred', pathway.id);
  });

  it('runs the happy path to engaged: accepted, booked, released, attended', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    await community.post(`/v1/tasks/${booking.id}/complete`, {}, 400);
    const appointmentAt = new Date(Date.now() + 2_000).toISOString();
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt });
    const released = await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'planned' });
    expect(taskOf(released, 'release-confirmation')).toMatchObject({ state: 'done', outcome: 'released' });
    const first = taskOf(released, 'first-appointment');
    expect(first).toMatchObject({ owner: 'CTS-BHM', state: 'open' });
    // Attendance cannot be recorded before the appointment.
    const early = await community.post(`/v1/tasks/${first.id}/complete`, { attended: true }, 400);
    expect(early).toMatchObject({ errors: [{ field: 'attended', messages: [expect.stringContaining(appointmentAt)] }] });
    await sleep(Date.parse(appointmentAt) - Date.now() + 100);
    await community.post(`/v1/tasks/${first.id}/complete`, { attended: true });

    const closed = await pathwayAs(prison, pathway.id);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'engaged', releasedOn: londonDateOf(new Date()) });
    expect(closed.tasks.filter((t: Json) => t.state === 'open')).toEqual([]);
    expect(closed.timeline.map((e: Json) => e.type)).toEqual(['registered', 'released', 'outcome']);
    await recordHistory(temporal, 'engaged', pathway.id);
  });

  it('judges engagement by when the appointment was, not when its attendance was recorded', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'planned' });
    // An appointment inside the window (8 s after release here), recorded as attended only after it closed.
    const appointmentAt = new Date(Date.now() + 1_000).toISOString();
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt });
    await sleep(10_000);
    const waiting = await pathwayAs(prison, pathway.id);
    expect(waiting).toMatchObject({ status: 'active', outcome: null });
    const first = taskOf(waiting, 'first-appointment');
    await community.post(`/v1/tasks/${first.id}/complete`, { attended: true });
    expect(await pathwayAs(prison, pathway.id)).toMatchObject({ status: 'closed', outcome: 'engaged' });
    await recordHistory(temporal, 'engaged-recorded-late', pathway.id);
  });

  it('records did-not-attend: re-engagement for the service, probation informed, then not engaged and escalated', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: new Date().toISOString() });
    await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'planned' });
    const first = taskOf(await pathwayAs(prison, pathway.id), 'first-appointment');
    await community.post(`/v1/tasks/${first.id}/complete`, { attended: false });
    const after = await pathwayAs(probation, pathway.id);
    const reEngagement = taskOf(after, 're-engagement');
    expect(reEngagement).toMatchObject({ owner: 'CTS-BHM', state: 'open' });
    expect(after.timeline.find((e: Json) => e.type === 'did-not-attend').details).toMatchObject({ informed: 'PDU-BHM' });
    const notices = (items: Json[]) => items.filter((e) => e.pathwayId === pathway.id && e.level === 'notice');
    const notice = { key: `${first.id}:notice`, taskId: first.id, notify: [{ org: 'PDU-BHM', audience: 'probation' }] };
    expect(notices(after.escalations)).toEqual([expect.objectContaining(notice)]);
    expect(notices((await probation.get('/v1/escalations?notifiedToMe=true&limit=200')).items)).toEqual([expect.objectContaining(notice)]);

    // Re-engagement must say whether the person came; not coming completes it and leaves the outcome to the window.
    await community.post(`/v1/tasks/${reEngagement.id}/complete`, {}, 400);
    expect(await community.post(`/v1/tasks/${reEngagement.id}/complete`, { attended: false })).toMatchObject({ state: 'done', outcome: 'did-not-attend' });

    const closed = await eventually('the outcome', async () => {
      const p = await pathwayAs(prison, pathway.id);
      return p.status === 'closed' && p;
    });
    expect(closed.outcome).toBe('not-engaged');
    expect(closed.escalations.find((e: Json) => e.taskId === null)).toMatchObject({ level: 'L3', notify: [{ org: 'LA-BHM', audience: 'commissioner' }] });
  });

  it('lists the pathways that ended not engaged by their outcome, through the cursor, and refuses an outcome it does not know', async () => {
    const today = londonDateOf(new Date());
    // Released today with nothing booked: not engaged when the seconds-long window closes.
    const notEngaged = await register();
    await prison.post(`/v1/pathways/${notEngaged.id}/released`, { releasedOn: today, kind: 'planned' });
    // Released and recalled: closed, but excluded. Not released: still open.
    const excluded = await register();
    await prison.post(`/v1/pathways/${excluded.id}/released`, { releasedOn: today, kind: 'planned' });
    await prison.post(`/v1/pathways/${excluded.id}/returned-to-custody`, { on: today, reason: 'Recalled' });
    const open = await register();
    await eventually('the outcome', async () => (await pathwayAs(prison, notEngaged.id)).outcome === 'not-engaged');

    // The commissioner of the area, page by page of three.
    const listed: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await commissioner.get(`/v1/pathways?${new URLSearchParams({ outcome: 'not-engaged', limit: '3', ...(cursor ? { cursor } : {}) })}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = listed.map((p) => p.id);
    expect(ids).toContain(notEngaged.id);
    expect(ids).not.toContain(excluded.id);
    expect(ids).not.toContain(open.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(listed.every((p) => p.status === 'closed' && p.outcome === 'not-engaged')).toBe(true);
    expect((await commissioner.get(`/v1/pathways?outcome=excluded&releaseFrom=${today}&releaseTo=${today}&limit=200`)).items.map((p: Json) => p.id)).toContain(excluded.id);

    const bad = await request(api.getHttpServer())
      .get('/v1/pathways?outcome=abandoned')
      .set('Authorization', `Bearer ${await tokenFor('LA-BHM', 'commissioner')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
  });

  it('closes as engaged when the person attends the appointment re-arranged after a missed one', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: new Date().toISOString() });
    const released = await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'planned' });
    const first = taskOf(released, 'first-appointment');
    await community.post(`/v1/tasks/${first.id}/complete`, { attended: false });
    const reEngagement = taskOf(await pathwayAs(community, pathway.id), 're-engagement');
    const done = await community.post(`/v1/tasks/${reEngagement.id}/complete`, { attended: true });
    expect(done).toMatchObject({ state: 'done', outcome: 'attended', details: { attended: true } });

    const closed = await pathwayAs(prison, pathway.id);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'engaged' });
    expect(closed.timeline.map((e: Json) => e.type)).toEqual(['registered', 'released', 'did-not-attend', 'outcome']);
    expect(closed.escalations.filter((e: Json) => e.level === 'notice').map((e: Json) => e.taskId)).toEqual([first.id]);
    await recordHistory(temporal, 're-engaged', pathway.id);
  });

  it('refuses, with 400 problem+json, a first appointment for someone on OST later than the next working day after release', async () => {
    // Released on a Friday, brought forward (to the Thursday, unless a bank holiday moves it further): on OST, the next working day is the latest.
    const { releaseDate, t } = fridayRelease();
    const latest = nextWorkingDay(t, COMPILED_CALENDAR);
    const pathway = await register({ releaseDate, treatment: { substances: ['opiates'], onOst: true, consentToShare: true } });
    expect(pathway).toMatchObject({ expectedReleaseDate: t, releaseDateAdjustedFrom: releaseDate });
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    const token = await tokenFor('CTS-BHM', 'community-treatment');
    const refused = await request(api.getHttpServer())
      .post(`/v1/tasks/${booking.id}/complete`)
      .set('Authorization', `Bearer ${token}`)
      .send({ appointmentAt: tenAm(addDays(latest, 1)) })
      .expect(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 400,
      type: expect.stringMatching(/validation$/),
      detail: expect.stringContaining(`on or before ${latest}`),
      errors: [{ field: 'appointmentAt', messages: [expect.stringContaining(`on or before ${latest}`)] }],
    });
    expect(await community.get(`/v1/tasks/${booking.id}`)).toMatchObject({ state: 'open' });
    expect(taskOf(await pathwayAs(prison, pathway.id), 'first-appointment')).toBeUndefined();

    expect(await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: tenAm(latest) })).toMatchObject({ state: 'done' });
  });

  // The window is the policy's outcome window, the one source (21 days on the default policy,
  // unit-tested in libs/domain): the fast policy's eight seconds after T end on T itself.
  it('allows someone not on OST a first appointment up to the last day of the policy’s outcome window after release, not a day later', async () => {
    const { releaseDate, t } = fridayRelease();
    const pathway = await register({ releaseDate, treatment: { substances: ['alcohol'], onOst: false, consentToShare: true } });
    const acceptance = await sendReferral(pathway);
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const booking = taskOf(await pathwayAs(prison, pathway.id), 'appointment-booking');
    const refused = await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: tenAm(addDays(t, 1)) }, 400);
    expect(refused).toMatchObject({ errors: [{ field: 'appointmentAt', messages: [expect.stringContaining(`on or before ${t}`)] }] });
    expect(await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt: tenAm(t) })).toMatchObject({ state: 'done' });
  });

  it('cancels open tasks and stops every escalation when the person is recalled', async () => {
    const pathway = await register();
    const acceptance = await sendReferral(pathway);
    await eventually('the reminder', async () => (await escalationsOf(pathway.id, acceptance.id)).length > 0);
    const recalled = await probation.post(`/v1/pathways/${pathway.id}/returned-to-custody`, { on: londonDateOf(new Date()), reason: 'Recalled' });
    expect(recalled).toMatchObject({ status: 'closed', outcome: 'excluded' });
    expect(recalled.tasks.filter((t: Json) => t.state === 'open')).toEqual([]);
    expect(taskOf(recalled, 'referral-acceptance').cancelReason).toMatch(/Recalled/);
    await ended(temporal, pathway.id); // its workflow has ended: nothing more can be raised
    expect((await escalationsOf(pathway.id, acceptance.id)).map((e: Json) => e.level)).toEqual(['reminder']);
    await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'again' }, 409);
    await recordHistory(temporal, 'recalled', pathway.id);
  });

  it('escalates an OST bridge at L2 at once when the person is released unplanned', async () => {
    const pathway = await register({ treatment: { substances: ['opiates'], onOst: true, consentToShare: true } });
    const released = await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'unplanned' });
    const bridge = taskOf(released, 'ost-bridging');
    expect(bridge).toMatchObject({ state: 'open', escalationLevel: 'L2' });
    expect(released.escalations.filter((e: Json) => e.taskId === bridge.id).map((e: Json) => e.level)).toEqual(['L2']);
    expect(taskOf(released, 'referral')).toMatchObject({ state: 'cancelled' });
    const urgent = taskOf(released, 'referral-acceptance');
    expect(urgent).toMatchObject({ owner: 'CTS-BHM', state: 'open' });
    await recordHistory(temporal, 'released-unplanned', pathway.id);
  });

  it('moves the prison’s open tasks when the person is transferred', async () => {
    const pathway = await register();
    const moved = await prison.post(`/v1/pathways/${pathway.id}/transfer`, { prisonCode: 'LEI' });
    expect(taskOf(moved, 'assessment').owner).toBe('LEI');
    expect(taskOf(moved, 'probation-acknowledgement').owner).toBe('PDU-BHM');
    await leedsPrison.post(`/v1/tasks/${taskOf(moved, 'assessment').id}/complete`, {});
    const cancelled = await leedsPrison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    expect(cancelled).toMatchObject({ status: 'closed', outcome: 'excluded' });
    await recordHistory(temporal, 'transferred-then-cancelled', pathway.id);
  });

  describe('on the default policy, in working days', () => {
    it('records naloxone only with whether it was supplied or declined by the person', async () => {
      const pathway = await leedsPrison.post('/v1/releases', registration(), 201);
      const naloxone = taskOf(pathway, 'naloxone');
      expect(naloxone).toMatchObject({ owner: 'LEI', state: 'open' });
      await leedsPrison.post(`/v1/tasks/${naloxone.id}/complete`, {}, 400);
      await leedsPrison.post(`/v1/tasks/${naloxone.id}/complete`, { supplied: 'yes' }, 400);
      expect(await leedsPrison.get(`/v1/tasks/${naloxone.id}`)).toMatchObject({ state: 'open' });
      const done = await leedsPrison.post(`/v1/tasks/${naloxone.id}/complete`, { supplied: true });
      expect(done).toMatchObject({ state: 'done', outcome: 'supplied', details: { supplied: true } });
    });

    it('escalates a step made overdue by an earlier release date at once, at the level its lateness warrants', async () => {
      const today = londonDateOf(new Date());
      const pathway = await leedsPrison.post('/v1/releases', registration({ releaseDate: addWorkingDays(today, 60, COMPILED_CALENDAR), releaseDateType: 'CONFIRMED' }), 201);
      // Only the step under test: a step due the next working day may already have had its reminder (after 17:00, at weekends).
      const gpLevels = (p: Json) => p.escalations.filter((e: Json) => e.taskId === taskOf(p, 'gp-registration').id).map((e: Json) => e.level);
      expect(gpLevels(pathway)).toEqual([]);
      const change = { releaseDate: addWorkingDays(today, 8, COMPILED_CALENDAR), releaseDateType: 'CONFIRMED', reason: 'Sentence recalculated' };
      const moved = await leedsPrison.post(`/v1/pathways/${pathway.id}/release-date`, change);
      expect(moved.expectedReleaseDate).toBe(change.releaseDate);
      const gp = taskOf(moved, 'gp-registration');
      // GP registration is due 10 working days before release, so its L2 time (due + 1 WD) is a
      // working day or more ago at any hour: L2 at once; the reminder and L1 are passed over, and
      // L3 (due + 3 WD) is at least the next working day.
      expect(londonDateOf(new Date(gp.dueAt))).toBe(addWorkingDays(change.releaseDate, -10, COMPILED_CALENDAR));
      expect(gpLevels(moved)).toEqual(['L2']);
      expect(gp).toMatchObject({ overdue: true, escalationLevel: 'L2' });
      // Steps with a late-registration rule fall due a working day after registration instead.
      expect(taskOf(moved, 'assessment').overdue).toBe(false);

      const again = await leedsPrison.post(`/v1/pathways/${pathway.id}/release-date`, change);
      expect(again.timeline.filter((e: Json) => e.type === 'release-date-changed')).toHaveLength(1);
      expect(gpLevels(again)).toEqual(['L2']);
      await recordHistory(temporal, 'date-brought-forward', pathway.id);
    });

    it('gives the community service until the next working day after an unplanned release, and escalates an OST bridge at L2 at once', async () => {
      // On OST, with T ten weeks away; released from court today.
      const today = londonDateOf(new Date());
      const onOst = { substances: ['opiates'], onOst: true, consentToShare: true };
      const pathway = await leedsPrison.post('/v1/releases', registration({ releaseDate: addDays(today, 70), releaseDateType: 'CONFIRMED', treatment: onOst }), 201);
      const released = await leedsPrison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: today, kind: 'unplanned' });

      const bridge = taskOf(released, 'ost-bridging');
      expect(bridge).toMatchObject({ state: 'open', escalationLevel: 'L2' });
      expect(released.escalations.filter((e: Json) => e.taskId === bridge.id).map((e: Json) => e.level)).toEqual(['L2']);
      expect(taskOf(released, 'referral')).toMatchObject({ state: 'cancelled' });
      // Due the next working day after the release was recorded, at 17:00 London: not the acceptance's ordinary two working days.
      const recordedAt = new Date(released.timeline.find((e: Json) => e.type === 'released').at);
      const acceptance = taskOf(released, 'referral-acceptance');
      expect(acceptance).toMatchObject({ owner: 'CTS-LDS', state: 'open' });
      expect(Date.parse(acceptance.dueAt)).toBe(londonInstant(nextWorkingDay(londonDateOf(recordedAt), COMPILED_CALENDAR), '17:00').getTime());
      await recordHistory(temporal, 'released-unplanned-urgent', pathway.id);
    });

    it('keeps one pathway through many date changes, continuing as new when its history grows', async () => {
      const today = londonDateOf(new Date());
      const pathway = await leedsPrison.post('/v1/releases', registration({ releaseDate: addWorkingDays(today, 80, COMPILED_CALENDAR), releaseDateType: 'CONFIRMED' }), 201);
      const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathway.id));
      const firstRun = (await handle.describe()).runId;
      let last = '';
      for (let i = 0; i < 30; i++) {
        last = addWorkingDays(today, 70 + (i % 2 === 0 ? i : -i), COMPILED_CALENDAR);
        await leedsPrison.post(`/v1/pathways/${pathway.id}/release-date`, { releaseDate: last, releaseDateType: 'CONFIRMED', reason: `change ${i}` });
      }
      const view = await eventually('the query', async () => handle.query(pathwayQuery).catch(() => undefined));
      expect((await handle.describe()).runId).not.toBe(firstRun);
      expect(view.expectedReleaseDate).toBe(last);
      expect(view.tasks.map((t) => t.id).sort()).toEqual(pathway.tasks.map((t: Json) => t.id).sort());
      const stored = await pathwayAs(leedsPrison, pathway.id);
      expect(stored.timeline.filter((e: Json) => e.type === 'release-date-changed')).toHaveLength(30);
      expect(stored.expectedReleaseDate).toBe(last);
      await recordHistory(temporal, 'continued-as-new', pathway.id);
    });
  });
});
