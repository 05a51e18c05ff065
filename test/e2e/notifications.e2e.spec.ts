/**
 * What each organisation is told, end to end on a real Temporal server with the policy in
 * seconds: the inbox gets a message for every new handover task, escalation and notice, each
 * once, with nothing in it that names the person. Assertions name the pathway under test, since
 * other suites tell the same organisations about theirs.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('notifications: the inbox', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let commissioner: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    [prison, community, probation, commissioner, admin] = await Promise.all([
      as('BMI', 'prison-healthcare'),
      as('CTS-BHM', 'community-treatment'),
      as('PDU-BHM', 'probation'),
      as('LA-BHM', 'commissioner'),
      as('THC-OPS', 'admin'),
    ]);
    await installFastPolicy(admin);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  const inbox = async (client: ApiClient, pathwayId: string, state = 'all'): Promise<Json[]> => (await client.get(`/v1/notifications?state=${state}&pathwayId=${pathwayId}&limit=200`)).items;
  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);
  /** event, task type or level, audience and urgency: what a reader of the inbox tells apart. */
  const summary = (n: Json) => [n.event, n.body.taskType ?? n.body.releaseKind ?? n.body.outcome, n.body.level, n.audience, n.urgency].filter(Boolean).join(' ');

  it('tells each organisation of its new tasks, escalations and notices, each once, without naming the person', async () => {
    const person = registration({ prisonCode: 'BMI', destinationArea: FAST_AREA });
    const pathway = await prison.post('/v1/releases', person, 201);

    // Registration: probation's acknowledgement goes out at once; the prison's own routine steps
    // wait for the digest, but OST bridging is critical and goes at once.
    const toProbation = await eventually('the acknowledgement told to probation', async () => (await inbox(probation, pathway.id)).find((n) => n.body.taskType === 'probation-acknowledgement'));
    expect(toProbation).toMatchObject({ event: 'task.created', urgency: 'immediate', audience: 'team', taskId: taskOf(pathway, 'probation-acknowledgement').id });
    const toPrison = (await inbox(prison, pathway.id)).filter((n) => n.event === 'task.created').map(summary).sort();
    expect(toPrison).toEqual(
      ['task.created assessment team digest', 'task.created ost-bridging team immediate', 'task.created referral team digest', 'task.created release-confirmation team digest'].sort(),
    );

    // The referral sent: the community service is told of its acceptance task at once, then of
    // each rung of the ladder; L2 goes to its managers and the prison, L3 to the commissioner.
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    const acceptance = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance');
    const l3 = await eventually(
      'L3 told to the commissioner',
      async () => (await inbox(commissioner, pathway.id)).find((n) => n.event === 'task.escalated' && n.body.level === 'L3'),
      40_000,
    );
    expect(l3).toMatchObject({ urgency: 'immediate', taskId: acceptance.id, body: { taskType: 'referral-acceptance', organisations: { prison: 'BMI', communityTreatment: 'CTS-BHM', commissioner: 'LA-BHM' } } });
    const toService = (await inbox(community, pathway.id)).filter((n) => n.taskId === acceptance.id).map(summary).sort();
    expect(toService).toEqual(
      [
        'task.created referral-acceptance team immediate',
        'task.escalated referral-acceptance reminder team digest',
        'task.escalated referral-acceptance L1 team digest',
        'task.escalated referral-acceptance L2 managers immediate',
      ].sort(),
    );
    expect((await inbox(prison, pathway.id)).filter((n) => n.taskId === acceptance.id).map(summary)).toEqual(['task.escalated referral-acceptance L2 team immediate']);

    // A decline: the commissioner gets a notice at once.
    await community.post(`/v1/tasks/${acceptance.id}/decline`, { reason: `Not ours: ${person.givenName} ${person.familyName}` });
    const notice = await eventually('the decline notice', async () => (await inbox(commissioner, pathway.id)).find((n) => n.event === 'pathway.notice'));
    expect(notice).toMatchObject({ urgency: 'immediate', taskId: acceptance.id, body: { level: 'notice' } });

    // The inbox reads each message as a to-do item: whom it is about and its task now, as the
    // caller's view allows. The prison (healthcare) reads the decline and its reason; the
    // commissioner learns neither who nor why; an escalation carries its task's due time.
    const declined = await eventually('the decline told to the prison', async () => (await inbox(prison, pathway.id)).find((n) => n.event === 'task.completed' && n.taskId === acceptance.id));
    expect(declined).toMatchObject({
      person: { prisonNumber: person.prisonNumber, givenName: person.givenName, familyName: person.familyName },
      task: { type: 'referral-acceptance', owner: 'CTS-BHM', state: 'done', outcome: 'declined', reason: `Not ours: ${person.givenName} ${person.familyName}`, dueAt: acceptance.dueAt },
    });
    expect(notice).toMatchObject({ person: null, task: { outcome: 'declined', reason: null } });
    expect(l3).toMatchObject({ person: null, task: { dueAt: acceptance.dueAt } });
    expect(l3.body.dueAt).not.toBe(acceptance.dueAt); // the rung's own time, which the page does not show as the task's

    // Every message once, and no stored message names the person, not even through a reason
    // someone typed: the body is what webhooks and e-mail carry.
    const everything = [
      ...(await inbox(prison, pathway.id)),
      ...(await inbox(community, pathway.id)),
      ...(await inbox(probation, pathway.id)),
      ...(await inbox(commissioner, pathway.id)),
    ];
    expect(new Set(everything.map((n) => n.id)).size).toBe(everything.length);
    const said = JSON.stringify(everything.map((n) => n.body));
    const treatment = person.treatment as Json;
    for (const personal of [person.givenName, person.familyName, person.dateOfBirth, person.nhsNumber, person.prisonNumber, 'Not ours']) {
      expect(said).not.toContain(String(personal));
    }
    expect(treatment.onOst).toBe(true); // so the critical OST step above was there to be told of
  });

  it('marks a message read for the organisation, and shows it to no other', async () => {
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    const message = await eventually('the acknowledgement told to probation', async () =>
      (await inbox(probation, pathway.id, 'unread')).find((n) => n.body.taskType === 'probation-acknowledgement'),
    );
    expect(message.readAt).toBeNull();

    // Another organisation cannot see it, nor mark it.
    expect(await inbox(community, pathway.id)).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: message.id })]));
    await community.post(`/v1/notifications/${message.id}/read`, {}, 404);

    const read = await probation.post(`/v1/notifications/${message.id}/read`, {});
    expect(Date.parse(read.readAt)).toBeGreaterThan(Date.parse(message.createdAt) - 1);
    expect((await probation.post(`/v1/notifications/${message.id}/read`, {})).readAt).toBe(read.readAt); // the first reading stays
    expect((await inbox(probation, pathway.id, 'unread')).map((n) => n.id)).not.toContain(message.id);
    expect((await inbox(probation, pathway.id, 'all')).map((n) => n.id)).toContain(message.id);

    // "Mark all as read": those of the ids in the caller's inbox, for the organisation; another's left alone.
    const more = await eventually('two unread messages to the prison', async () => {
      const unread = await inbox(prison, pathway.id, 'unread');
      return unread.length >= 2 ? unread : undefined;
    });
    const all = await prison.post('/v1/notifications/read', { ids: [...more.map((n: Json) => n.id), message.id] });
    expect(all.items.map((n: Json) => n.id).sort()).toEqual(more.map((n: Json) => n.id).sort());
    expect(all.items.every((n: Json) => n.readAt && n.person?.prisonNumber === pathway.person.prisonNumber)).toBe(true);
    expect(await inbox(prison, pathway.id, 'unread')).toEqual([]);
    for (const body of [{}, { ids: [] }, { ids: ['not-an-id'] }, { ids: Array.from({ length: 101 }, () => message.id) }]) {
      const res = await prison.raw('post', '/v1/notifications/read').send(body);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/application\/problem\+json/)]);
    }

    // Reading the inbox is in the audit trail, like any read of the pathway.
    const trail = await admin.get(`/v1/pathways/${pathway.id}/audit`);
    expect(trail.map((e: Json) => e.action)).toEqual(expect.arrayContaining(['notification.list', 'notification.read']));
  });

  it('pages the inbox with a cursor and refuses what is not a query it answers', async () => {
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    await eventually('four messages to the prison', async () => (await inbox(prison, pathway.id)).length >= 4);
    const first = await prison.get(`/v1/notifications?state=all&pathwayId=${pathway.id}&limit=2`);
    const second = await prison.get(`/v1/notifications?state=all&pathwayId=${pathway.id}&limit=2&cursor=${first.nextCursor}`);
    expect(first.items).toHaveLength(2);
    expect(second.items.length).toBeGreaterThanOrEqual(2);
    expect(second.items.map((n: Json) => n.id)).not.toEqual(expect.arrayContaining(first.items.map((n: Json) => n.id)));

    const server = api.getHttpServer();
    await request(server).get('/v1/notifications').expect(401);
    const edited = Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' })).toString('base64url');
    for (const query of ['state=bogus', 'pathwayId=not-a-uuid', `cursor=${edited}`, 'limit=0', 'state=%00unread']) {
      const res = await prison.raw('get', `/v1/notifications?${query}`);
      expect([query, res.status, res.headers['content-type']]).toEqual([query, 400, expect.stringMatching(/application\/problem\+json/)]);
    }
    const notAnId = await prison.raw('post', '/v1/notifications/not-an-id/read').send({});
    expect(notAnId.status).toBe(400);
  });
});
