/**
 * The walking skeleton end to end, on real PostgreSQL and a real Temporal server:
 * a prison registers a release, tasks land in the right worklists, completing the referral
 * hands the next task to the community treatment service.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { DateTime } from 'luxon';
import { addWorkingDays, COMPILED_CALENDAR, londonInstant } from '@throughcare/domain';
import { DEFAULT_RELEASE, londonDaysAhead } from '../support/dates';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

/** The default registration's Friday, and the Thursday the non-Friday rule brings it to. */
const { friday, thursday } = DEFAULT_RELEASE;
const oneMonthBefore = (date: string) => DateTime.fromISO(date).minus({ months: 1 }).toISODate()!;

describe('registering a release and handing over the referral', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let http: ReturnType<typeof request>;
  let prison: string;
  let community: string;
  let probation: string;
  let otherPrison: string;

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    http = request(api.getHttpServer());
    [prison, community, probation, otherPrison] = await Promise.all([
      tokenFor('LEI', 'prison-healthcare'),
      tokenFor('CTS-LDS', 'community-treatment'),
      tokenFor('PDU-LDS', 'probation'),
      tokenFor('BMI', 'prison-healthcare'),
    ]);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  /** The whole worklist, page by page: other suites share the database and fill worklists too. */
  const worklist = async (token: string, query = '?limit=200') => {
    const items: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<Record<string, unknown>>; nextCursor: string | null } = (await http.get(`/v1/tasks${query}${cursor ? `&cursor=${cursor}` : ''}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  it('refuses a request without a token with a 401 problem', async () => {
    const res = await http.get('/v1/tasks').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, type: expect.stringMatching(/unauthorized$/) });
  });

  it('answers bad registration input with 400 field errors and writes nothing', async () => {
    const body = registration({ nhsNumber: '9434765918', releaseDate: '2027-02-30', treatment: { substances: ['crack'] } });
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['nhsNumber', 'releaseDate', 'treatment.substances', 'treatment.onOst']));
    // The same person can still be registered: nothing was half-written.
    await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send({ ...body, ...registration({ prisonNumber: body.prisonNumber }) }).expect(201);
  });

  it('rejects fields the contract does not have', async () => {
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration({ isAdmin: true })).expect(400);
    expect(res.body.errors).toEqual([{ field: 'isAdmin', code: 'unknown-field', messages: ['property isAdmin should not exist'] }]);
  });

  it('registers a Friday release, moves it to Thursday and fills each worklist with its own tasks', async () => {
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration()).expect(201);
    const pathway = res.body;
    expect(pathway).toMatchObject({
      status: 'active',
      releaseDate: friday,
      expectedReleaseDate: thursday,
      releaseDateAdjustedFrom: friday,
      releaseDateAdjustmentReason: `CRD ${friday} is the day before a non-working day; brought forward to ${thursday}, the last working day before it that is followed by one`,
      organisations: { communityTreatment: 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' },
    });
    const types = (pathway.tasks as Array<{ type: string }>).map((t) => t.type).sort();
    expect(types).toEqual(['assessment', 'gp-registration', 'naloxone', 'ost-bridging', 'probation-acknowledgement', 'referral', 'release-confirmation']);

    const prisonTasks = (await worklist(prison, '?limit=200')).filter((t) => t.pathwayId === pathway.id);
    expect(prisonTasks.map((t) => t.type)).toEqual(
      expect.arrayContaining(['assessment', 'referral', 'gp-registration', 'ost-bridging', 'naloxone', 'release-confirmation']),
    );
    // Twenty working days before the Thursday, at 17:00 London.
    const assessmentDue = londonInstant(addWorkingDays(thursday, -20, COMPILED_CALENDAR), '17:00').toISOString();
    expect(prisonTasks.find((t) => t.type === 'assessment')).toMatchObject({ owner: 'LEI', state: 'open', dueAt: assessmentDue, overdue: false });
    expect((await worklist(probation, '?limit=200')).filter((t) => t.pathwayId === pathway.id).map((t) => t.type)).toEqual(['probation-acknowledgement']);
    expect((await worklist(community, '?limit=200')).filter((t) => t.pathwayId === pathway.id)).toEqual([]);
  });

  it('hands the referral to the community treatment service when the prison completes it', async () => {
    const pathway = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration()).expect(201)).body;
    const referral = pathway.tasks.find((t: { type: string }) => t.type === 'referral');

    const done = await http.post(`/v1/tasks/${referral.id}/complete`).set('Authorization', `Bearer ${prison}`).send({}).expect(200);
    expect(done.body).toMatchObject({ id: referral.id, state: 'done', outcome: 'completed' });

    const acceptance = (await worklist(community, '?type=referral-acceptance&limit=200')).find((t) => t.pathwayId === pathway.id);
    expect(acceptance).toMatchObject({ owner: 'CTS-LDS', state: 'open', type: 'referral-acceptance' });
    // Due two working days after the referral was sent, at 17:00 London time.
    expect(new Date(acceptance!.dueAt as string).getTime()).toBeGreaterThan(Date.now());

    const again = await http.post(`/v1/tasks/${referral.id}/complete`).set('Authorization', `Bearer ${prison}`).send({}).expect(409);
    expect(again.body).toMatchObject({ type: expect.stringMatching(/task-not-open$/), status: 409 });
    expect((await worklist(prison, '?state=done&limit=200')).filter((t) => t.id === referral.id)).toHaveLength(1);
  });

  it('refuses GP pre-registration earlier than a month before release, and offers it to no one until then', async () => {
    const pathway = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration()).expect(201)).body;
    const gp = pathway.tasks.find((t: { type: string }) => t.type === 'gp-registration');
    // From a month before the day of release, at midnight London.
    const from = londonInstant(oneMonthBefore(thursday), '00:00').toISOString();
    // What the API offers and what it refuses agree: no action, and when it becomes possible.
    expect(gp).toMatchObject({ state: 'open', actions: [], startsAt: from });
    expect((await http.get(`/v1/tasks/${gp.id}`).set('Authorization', `Bearer ${prison}`).expect(200)).body).toMatchObject({ actions: [], startsAt: from });
    expect((await worklist(prison, '?limit=200')).find((t) => t.id === gp.id)).toMatchObject({ actions: [], startsAt: from });
    // A step with no earliest start is offered at once, and says nothing of one.
    expect(pathway.tasks.find((t: { type: string }) => t.type === 'referral')).toMatchObject({ startsAt: null, actions: [expect.objectContaining({ name: 'complete' })] });
    const res = await http.post(`/v1/tasks/${gp.id}/complete`).set('Authorization', `Bearer ${prison}`).send({}).expect(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/not-yet-startable$/), detail: expect.stringContaining(from) });
  });

  it('does not let the prison act on the community service’s task, nor another prison see it', async () => {
    const pathway = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration()).expect(201)).body;
    const probationTask = pathway.tasks.find((t: { type: string }) => t.type === 'probation-acknowledgement');
    await http.post(`/v1/tasks/${probationTask.id}/acknowledge`).set('Authorization', `Bearer ${prison}`).send({}).expect(403);
    await http.get(`/v1/pathways/${pathway.id}`).set('Authorization', `Bearer ${otherPrison}`).expect(404);
    await http.get(`/v1/tasks/${probationTask.id}`).set('Authorization', `Bearer ${otherPrison}`).expect(404);
    const ack = await http.post(`/v1/tasks/${probationTask.id}/acknowledge`).set('Authorization', `Bearer ${probation}`).send({}).expect(200);
    expect(ack.body).toMatchObject({ state: 'done', outcome: 'acknowledged' });
  });

  it('answers 409 naming the open pathway when the same person is registered again', async () => {
    const body = registration();
    const first = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(body).expect(201)).body;
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send({ ...body, releaseDate: londonDaysAhead(150) }).expect(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/pathway-exists$/), pathwayId: first.id });
  });

  it('returns the first answer when a registration is retried with the same Idempotency-Key', async () => {
    const body = registration();
    const key = `retry-${body.prisonNumber}`;
    const first = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).set('Idempotency-Key', key).send(body).expect(201)).body;
    const second = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).set('Idempotency-Key', key).send(body).expect(201)).body;
    expect(second.id).toBe(first.id);
    expect(second.tasks.map((t: { id: string }) => t.id).sort()).toEqual(first.tasks.map((t: { id: string }) => t.id).sort());
  });

  it('joins a retry to the first registration even when no answer was kept for it (the first answered 5xx, or its key expired)', async () => {
    const body = registration();
    const key = `lost-answer-${body.prisonNumber}`;
    const first = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).set('Idempotency-Key', key).send(body).expect(201)).body;
    // As if the first request had failed after writing its pathway, and then its key had expired.
    await api.get(DataSource).query(`DELETE FROM idempotency_keys WHERE org = 'BMI' AND key = $1`, [key]);
    const retried = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).set('Idempotency-Key', key).send(body).expect(201)).body;
    expect(retried.id).toBe(first.id);
    // A new key for the same person is a new registration, refused as the person's pathway is open.
    const again = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).set('Idempotency-Key', `${key}-new`).send(body).expect(409);
    expect(again.body).toMatchObject({ type: expect.stringMatching(/pathway-exists$/), pathwayId: first.id });
  });

  it('refuses an Idempotency-Key reused for a different request with 409, and frees a key whose request was invalid', async () => {
    const post = (token: string, path: string, key: string, body: object) =>
      http.post(path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
    const body = registration();
    const key = `reuse-${body.prisonNumber}`;
    const pathway = (await post(prison, '/v1/releases', key, body).expect(201)).body;

    // Another person under the same key: not silently answered with the first pathway.
    const otherPerson = await post(prison, '/v1/releases', key, registration()).expect(409);
    expect(otherPerson.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(otherPerson.body).toMatchObject({ type: expect.stringMatching(/idempotency-key-reused$/), detail: expect.stringContaining('POST /v1/releases') });

    // The same key on a task action: refused, and the task is untouched.
    const referral = pathway.tasks.find((t: { type: string }) => t.type === 'referral');
    await post(prison, `/v1/tasks/${referral.id}/complete`, key, {}).expect(409);
    expect((await http.get(`/v1/tasks/${referral.id}`).set('Authorization', `Bearer ${prison}`).expect(200)).body.state).toBe('open');

    // Keys are the organisation's own: another organisation's same key is a different request.
    const acknowledgement = pathway.tasks.find((t: { type: string }) => t.type === 'probation-acknowledgement');
    await post(probation, `/v1/tasks/${acknowledgement.id}/acknowledge`, key, {}).expect(200);

    // A retried action gets its first answer; a different action under its key is refused.
    const actionKey = `complete-${referral.id}`;
    const done = (await post(prison, `/v1/tasks/${referral.id}/complete`, actionKey, {}).expect(200)).body;
    expect((await post(prison, `/v1/tasks/${referral.id}/complete`, actionKey, {}).expect(200)).body).toMatchObject({ state: 'done', completedAt: done.completedAt });
    const assessment = pathway.tasks.find((t: { type: string }) => t.type === 'assessment');
    await post(prison, `/v1/tasks/${assessment.id}/complete`, actionKey, {}).expect(409);

    // An invalid request changes nothing, so its key serves the corrected request.
    const dateKey = `date-${pathway.id}`;
    await post(prison, `/v1/pathways/${pathway.id}/release-date`, dateKey, { releaseDate: '2027-02-30', releaseDateType: 'CRD', reason: 'Recalculated' }).expect(400);
    await post(prison, `/v1/pathways/${pathway.id}/release-date`, dateKey, { releaseDate: londonDaysAhead(150), releaseDateType: 'CRD', reason: 'Recalculated' }).expect(200);

    // A retry gets the first answer even once the pathway is closed and takes no more changes.
    const cancelKey = `cancel-${pathway.id}`;
    const cancelled = (await post(prison, `/v1/pathways/${pathway.id}/cancel`, cancelKey, { reason: 'Registered in error' }).expect(200)).body;
    const retried = (await post(prison, `/v1/pathways/${pathway.id}/cancel`, cancelKey, { reason: 'Registered in error' }).expect(200)).body;
    expect(retried).toEqual(cancelled);
    expect(cancelled).toMatchObject({ status: 'closed', outcome: 'excluded' });
    await post(prison, `/v1/pathways/${pathway.id}/cancel`, `${cancelKey}-new`, { reason: 'Registered in error' }).expect(409);
  });

  it('routes to the organisations named at registration, and refuses ones that are unknown or of another kind', async () => {
    const named = (await http
      .post('/v1/releases')
      .set('Authorization', `Bearer ${prison}`)
      .send(registration({ communityTreatmentCode: 'CTS-BHM', probationCode: 'PDU-BHM' }))
      .expect(201)).body;
    expect(named.organisations).toMatchObject({ communityTreatment: 'CTS-BHM', probation: 'PDU-BHM', commissioner: 'LA-LDS' });

    const unknown = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration({ probationCode: 'PDU-NOPE' })).expect(422);
    expect(unknown.body).toMatchObject({ type: expect.stringMatching(/unknown-organisation$/), field: 'probationCode' });
    const wrongKind = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration({ communityTreatmentCode: 'PDU-LDS' })).expect(422);
    expect(wrongKind.body).toMatchObject({ type: expect.stringMatching(/unknown-organisation$/), field: 'communityTreatmentCode' });
  });

  it('refuses a release to an area no community service serves, naming the field that would route it', async () => {
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration({ destinationArea: 'W06000024' })).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/no-route$/), field: 'communityTreatmentCode' });
  });

  it('lets only the prison’s own healthcare team register its releases', async () => {
    await http.post('/v1/releases').set('Authorization', `Bearer ${otherPrison}`).send(registration()).expect(403);
    await http.post('/v1/releases').set('Authorization', `Bearer ${community}`).send(registration()).expect(403);
  });

  it('lists the organisations, and reports PostgreSQL and Temporal healthy', async () => {
    const orgs = (await http.get('/v1/organisations').set('Authorization', `Bearer ${probation}`).expect(200)).body;
    expect(orgs.map((o: { type: string }) => o.type)).toEqual(expect.arrayContaining(['prison', 'community-treatment', 'probation', 'commissioner']));
    const health = (await http.get('/health').expect(200)).body;
    expect(health.details).toMatchObject({ postgres: { status: 'up' }, temporal: { status: 'up' } });
  });
});
