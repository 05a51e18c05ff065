/**
 * Review items: movements HMPPS reported that a person must decide, raised by real events through
 * goaws and a real worker, listed and resolved through the API by the healthcare team of the
 * prison the person left, and nobody else. The admin view counts events and lists the messages
 * put aside, with no personal data.
 */
import { DataSource } from 'typeorm';
import { confirmedRelease, publish } from '../intake/hmpps-events';
import { IntakeSuite, startIntakeSuite } from '../intake/intake-suite';
import { eventually, Json } from '../support/api-client';
import { freePort } from '../support/free-port';
import { londonToday } from '../support/dates';
import { startWorker, suiteConfig, tokenFor } from '../support/system';

const HMPPS = 'system:hmpps-domain-events';
const RELEASED_EVENT = 'prison-offender-events.prisoner.released';

describe('movements to review', () => {
  let suite: IntakeSuite;
  let db: DataSource;
  let otherPrison: string;
  let prisonProbation: string;
  let admin: string;

  beforeAll(async () => {
    suite = await startIntakeSuite();
    db = suite.db;
    otherPrison = await tokenFor('BMI', 'prison-healthcare');
    prisonProbation = await tokenFor('LEI', 'probation');
    admin = await tokenFor('THC-OPS', 'admin');
  });

  afterAll(async () => {
    await suite?.close();
  });

  const get = (path: string, token = suite.prison) => suite.http.get(path).set('Authorization', `Bearer ${token}`);
  const resolve = (id: string, body: object, token = suite.prison) => suite.http.post(`/v1/intake/reviews/${id}/resolve`).set('Authorization', `Bearer ${token}`).send(body);
  /** A registered person whom HMPPS reports as released with a code a person must look at; answers the review item. */
  const reviewFor = async (code = 'HO') => {
    const person = await suite.register();
    await publish(confirmedRelease(person.prisonNumber, { code, occurredAt: new Date() }));
    await suite.settled(person.id, 'review');
    const page = (await get(`/v1/intake/reviews?pathwayId=${person.id}`).expect(200)).body;
    return { ...person, item: page.items[0] as Json };
  };

  it("lists the prison's movements to review with the person and the prison by name, and audits who saw them", async () => {
    const { id, prisonNumber, item } = await reviewFor('HO');
    expect(item).toMatchObject({
      pathwayId: id,
      kind: 'hospital',
      prison: { code: 'LEI', name: 'HMP Leeds' },
      toPrison: null,
      person: { prisonNumber },
      actions: ['released', 'returned-to-custody', 'cancelled', 'dismissed'],
      resolution: null,
    });
    const audit = await db.query(`SELECT action, target FROM audit_log WHERE pathway_id = $1 AND action = 'intake.review-list'`, [id]);
    expect(audit).toEqual([{ action: 'intake.review-list', target: `intake-review:${item.id}` }]);
    // Another prison's team does not see it, nor learns it exists; another role at Leeds is refused.
    expect((await get(`/v1/intake/reviews?pathwayId=${id}`, otherPrison).expect(200)).body.items).toEqual([]);
    const elsewhere = await get(`/v1/intake/reviews/${item.id}`, otherPrison).expect(404);
    expect(elsewhere.headers['content-type']).toMatch(/application\/problem\+json/);
    await resolve(item.id, { resolution: 'dismissed', reason: 'Not ours' }, otherPrison).expect(404);
    await get('/v1/intake/reviews', prisonProbation).expect(403);
  });

  it('records the release when the team decides so, once, as the person who decided', async () => {
    const { id, item } = await reviewFor('HQ');
    const first = (await resolve(item.id, { resolution: 'released', reason: 'Released to hospital under escort, then discharged home' }).expect(200)).body;
    expect(first).toMatchObject({ id: item.id, actions: [], resolution: { resolution: 'released', reason: 'Released to hospital under escort, then discharged home' } });
    const view = await suite.pathway(id);
    expect(view.releasedOn).toBe(londonToday());
    const released = view.timeline.filter((e: Json) => e.type === 'released');
    expect(released).toEqual([expect.objectContaining({ details: expect.objectContaining({ kind: 'unplanned' }) })]);
    expect(released[0].actor.sub).not.toBe(HMPPS);
    // The same decision again is answered as the first; another decision is refused.
    expect((await resolve(item.id, { resolution: 'released', reason: 'again' }).expect(200)).body).toEqual(first);
    const conflict = await resolve(item.id, { resolution: 'dismissed', reason: 'changed my mind' }).expect(409);
    expect(conflict.body.type).toMatch(/review-resolved$/);
    expect((await suite.pathway(id)).timeline.filter((e: Json) => e.type === 'released')).toHaveLength(1);
    expect((await get(`/v1/intake/reviews?pathwayId=${id}`).expect(200)).body.items).toEqual([]);
    expect((await get(`/v1/intake/reviews?state=resolved&pathwayId=${id}`).expect(200)).body.items).toEqual([first]);
    // A refusal is audited too: by the item, as its answer names no pathway.
    const audit = await db.query(`SELECT action, status FROM audit_log WHERE target = $1 AND action = 'intake.review-resolve' ORDER BY at`, [`intake-review:${item.id}`]);
    expect(audit).toEqual([
      { action: 'intake.review-resolve', status: 200 },
      { action: 'intake.review-resolve', status: 200 },
      { action: 'intake.review-resolve', status: 409 },
    ]);
  });

  it('returns to custody, cancels or dismisses, each as the pathway action of that name', async () => {
    const [returned, cancelled, dismissed] = await Promise.all([reviewFor('UAL'), reviewFor('DD'), reviewFor('DEC')]);
    await resolve(returned.item.id, { resolution: 'returned-to-custody', reason: 'Back in custody after absconding' }).expect(200);
    await resolve(cancelled.item.id, { resolution: 'cancelled', reason: 'Deported: no care to hand over' }).expect(200);
    await resolve(dismissed.item.id, { resolution: 'dismissed', reason: 'Recorded in error by the prison' }).expect(200);
    expect(await suite.pathway(returned.id)).toMatchObject({ status: 'closed', timeline: expect.arrayContaining([expect.objectContaining({ type: 'returned-to-custody', details: expect.objectContaining({ reason: 'Back in custody after absconding' }) })]) });
    expect(await suite.pathway(cancelled.id)).toMatchObject({ status: 'closed', timeline: expect.arrayContaining([expect.objectContaining({ type: 'cancelled' })]) });
    expect(await suite.pathway(dismissed.id)).toMatchObject({ status: 'active', releasedOn: null });
  });

  it('makes one change when two people decide the same movement at once', async () => {
    const { id, item } = await reviewFor('HP');
    const answers = await Promise.all([
      resolve(item.id, { resolution: 'released', reason: 'Discharged home from hospital' }),
      resolve(item.id, { resolution: 'cancelled', reason: 'Not coming back to us' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const decided = answers.find((a) => a.status === 200)!.body.resolution.resolution;
    const changes = (await suite.pathway(id)).timeline.filter((e: Json) => e.type === 'released' || e.type === 'cancelled');
    expect(changes.map((e: Json) => e.type)).toEqual([decided]);
  });

  it('pages with a cursor, and refuses one that was edited', async () => {
    await Promise.all([reviewFor(), reviewFor()]);
    const first = (await get('/v1/intake/reviews?limit=1').expect(200)).body;
    expect(first.items).toHaveLength(1);
    const second = (await get(`/v1/intake/reviews?limit=1&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    const decoded = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...decoded, id: "x' OR 1=1" })).toString('base64url');
    const refused = await get(`/v1/intake/reviews?cursor=${edited}`).expect(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it.each([
    ['a malformed id', '/v1/intake/reviews/not-an-id'],
    ['an unknown state', '/v1/intake/reviews?state=everything'],
    ['a malformed pathway id', '/v1/intake/reviews?pathwayId=42'],
    ['a page size of none', '/v1/intake/reviews?limit=0'],
    ['an unknown query field', '/v1/intake/reviews?prisonCode=BMI'],
  ])('refuses %s with a problem', async (_what, path) => {
    const res = await get(path).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a resolution of the wrong shape and changes nothing', async () => {
    const { id, item } = await reviewFor();
    for (const body of [{ resolution: 'released' }, { resolution: 'freed', reason: 'x' }, { resolution: 'dismissed', reason: '' }, { resolution: 'dismissed', reason: 'x'.repeat(501) }, { resolution: 'dismissed', reason: 'x', extra: 1 }, []]) {
      const res = await resolve(item.id, body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await resolve('00000000-0000-4000-8000-000000000000', { resolution: 'dismissed', reason: 'x' }).expect(404);
    await resolve('not-an-id', { resolution: 'dismissed', reason: 'x' }).expect(400);
    expect((await get(`/v1/intake/reviews/${item.id}`).expect(200)).body).toMatchObject({ resolution: null });
    expect((await suite.pathway(id)).releasedOn).toBeNull();
  });

  it('shows an administrator the counts by event type and outcome and the messages put aside, with no personal data', async () => {
    const { prisonNumber } = await reviewFor('DL');
    await publish('{"eventType": "prison-offender-events.prisoner.released", ', RELEASED_EVENT);
    const view = await eventually('the message put aside', async () => {
      const body = (await get('/v1/intake/events', admin).expect(200)).body;
      // The message is noted as put aside, then counted: both, before looking.
      const counted = body.counts.some((c: Json) => c.eventType === 'unreadable' && c.outcome === 'put-aside');
      return counted && body.putAside.some((p: Json) => p.reason === 'event-not-json') && body;
    });
    expect(view.counts).toEqual(expect.arrayContaining([expect.objectContaining({ eventType: RELEASED_EVENT, outcome: 'review', lastDay: expect.any(String) })]));
    expect(view.counts).toEqual(expect.arrayContaining([expect.objectContaining({ eventType: 'unreadable', outcome: 'put-aside' })]));
    expect(view.putAside[0]).toEqual({ id: expect.any(String), sqsMessageId: expect.any(String), reason: expect.any(String), eventType: expect.any(String), putAsideAt: expect.any(String) });
    expect(JSON.stringify(view)).not.toContain(prisonNumber);
    await get('/v1/intake/events').expect(403);
    await get(`/v1/intake/events?cursor=${Buffer.from('{"at":"now","id":"1"}').toString('base64url')}`, admin).expect(400);
  });

  it("serves the worker's intake counters on its own /metrics", async () => {
    const port = await freePort();
    const worker = await startWorker(suiteConfig({ WORKER_METRICS_PORT: String(port) }));
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const name of ['throughcare_intake_messages_total', 'throughcare_intake_unknown_people_total', 'throughcare_intake_put_aside_total', 'throughcare_intake_review_items_total']) {
        expect(text).toContain(`# TYPE ${name} counter`);
      }
      expect(text).toMatch(/throughcare_intake_review_items_total\{kind="deportation"\} [1-9]/);
    } finally {
      await worker.close();
    }
  });
});
