/**
 * Release-date changes from HMPPS events: published to the real local topic (goaws), gathered by
 * the real debounce workflow on Temporal, read from an HTTP stand-in for HMPPS Auth and Prisoner
 * Search that checks what they check, and applied to real pathways. Each test waits for the
 * debounce workflow's own result, or the reconciliation's, never for time.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { RECONCILIATION_SCHEDULE_ID, ReconciliationSummary, releaseDateCheckWorkflowId } from '@throughcare/workflows/intake';
import { londonDaysAhead } from '../support/dates';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { eventually } from '../support/api-client';
import { recordWorkflowHistory } from '../support/histories';
import { HmppsApiStandIn } from '../intake/hmpps-api.stand-in';
import { RegistrationsPrisonerSearch } from '../../apps/worker/src/intake/prisoner-search';
import { calculationChanged, metric, publish, searchUpdated, sentenceDatesChanged, subscribedQueue } from '../intake/hmpps-events';

const HANDLED = 'throughcare_intake_messages_total';

describe('release-date changes from HMPPS events', () => {
  let standIn: HmppsApiStandIn;
  let config: Config;
  let worker: INestApplicationContext;
  let api: INestApplication;
  let http: ReturnType<typeof request>;
  let db: DataSource;
  let connection: Connection;
  let temporal: Client;
  /** A prison of this suite's own, so the reconciliation it runs reads only this suite's pathways. */
  const prison = `RD${randomUUID().slice(0, 8).toUpperCase()}`;
  let token: string;

  beforeAll(async () => {
    standIn = await new HmppsApiStandIn().start();
    const queue = await subscribedQueue();
    config = suiteConfig({
      HMPPS_EVENTS_QUEUE_URL: queue.queueUrl,
      HMPPS_EVENTS_DLQ_URL: queue.dlqUrl,
      HMPPS_EVENTS_WAIT_SECONDS: '1',
      ...standIn.settings(),
      // Long enough to gather three events published back to back on a loaded machine.
      INTAKE_DEBOUNCE_SECONDS: '6',
      INTAKE_SEARCH_ATTEMPTS: '3',
      INTAKE_SEARCH_TIMEOUT_SECONDS: '2',
      INTAKE_RECONCILE_NIGHTLY: 'true',
    });
    db = new DataSource({ type: 'postgres', url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
    await db.initialize();
    await db.query(`INSERT INTO organisations (code, name, type) VALUES ($1, 'HMP Release Dates (test)', 'prison')`, [prison]);
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    http = request(api.getHttpServer());
    token = await tokenFor(prison, 'prison-healthcare');
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await connection?.close();
    await db?.destroy();
    await standIn?.stop();
  });

  /** A pathway with a CRD sixteen weeks ahead, and Prisoner Search agreeing with it. */
  const register = async () => {
    const body = registration({ prisonCode: prison });
    const res = await http.post('/v1/releases').set('Authorization', `Bearer ${token}`).send(body).expect(201);
    const prisonNumber = body.prisonNumber as string;
    standIn.people.set(prisonNumber, { releaseDate: body.releaseDate, conditionalReleaseDate: body.releaseDate });
    return { id: res.body.id as string, prisonNumber, releaseDate: body.releaseDate as string };
  };
  const pathway = async (id: string) => (await http.get(`/v1/pathways/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  /** The pathway's debounce workflow, once it has been started, to its end. */
  const debounced = async (pathwayId: string) => {
    const handle = temporal.workflow.getHandle(releaseDateCheckWorkflowId(pathwayId));
    await eventually('the debounce workflow to start', () => handle.describe().then(() => true, () => false));
    await handle.result();
  };
  const reviewItems = (pathwayId: string) => db.query(`SELECT movement_kind, prison_code FROM intake_review_items WHERE pathway_id = $1`, [pathwayId]);
  const reconcile = async (history?: string): Promise<ReconciliationSummary> => {
    const workflowId = `${RECONCILIATION_SCHEDULE_ID}-test-${randomUUID()}`;
    const summary: ReconciliationSummary = await temporal.workflow.execute('releaseDateReconciliationWorkflow', {
      workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ concurrency: 2, prisonCode: prison }],
    });
    if (history) await recordWorkflowHistory(temporal, history, workflowId);
    return summary;
  };
  const newDate = londonDaysAhead(100);

  it('gathers three updates in a row into one read, and moves the date to what Prisoner Search answers, once', async () => {
    const { id, prisonNumber } = await register();
    standIn.people.set(prisonNumber, { releaseDate: newDate, conditionalReleaseDate: londonDaysAhead(120), homeDetentionCurfewActualDate: newDate });
    await publish(searchUpdated(prisonNumber, ['PERSONAL_DETAILS', 'SENTENCE']));
    await publish(sentenceDatesChanged(prisonNumber));
    await publish(calculationChanged(prisonNumber));
    await debounced(id);
    expect(standIn.readsOf(prisonNumber)).toBe(1);
    const view = await eventually('the new date on the pathway', async () => {
      const v = await pathway(id);
      return v.releaseDate === newDate && v;
    });
    expect(view.releaseDateType).toBe('HDCAD');
    const changes = view.timeline.filter((e: { type: string }) => e.type === 'release-date-changed');
    expect(changes).toEqual([expect.objectContaining({ actor: { sub: 'system:hmpps-domain-events', org: prison }, details: expect.objectContaining({ reason: 'recalculated in NOMIS', releaseDate: newDate, releaseDateType: 'HDCAD' }) })]);
    const audit = await db.query(`SELECT action FROM audit_log WHERE pathway_id = $1 AND actor_sub = 'system:hmpps-domain-events'`, [id]);
    expect(audit).toEqual([{ action: 'pathway.release-date' }]);
    await recordWorkflowHistory(temporal, 'release-date-check-1.0-three-updates-one-read', releaseDateCheckWorkflowId(id));
  });

  it('takes the confirmed release date before the release date', async () => {
    const { id, prisonNumber, releaseDate } = await register();
    standIn.people.set(prisonNumber, { releaseDate, conditionalReleaseDate: releaseDate, confirmedReleaseDate: newDate, automaticReleaseDate: newDate });
    await publish(sentenceDatesChanged(prisonNumber));
    await debounced(id);
    const view = await eventually('the confirmed date on the pathway', async () => {
      const v = await pathway(id);
      return v.releaseDate === newDate && v;
    });
    expect(view.releaseDateType).toBe('ARD');
  });

  it('ignores an update whose categories leave the sentence alone', async () => {
    const { id, prisonNumber } = await register();
    const before = await metric(HANDLED, { outcome: 'ignored' });
    await publish(searchUpdated(prisonNumber, ['PERSONAL_DETAILS', 'LOCATION']));
    await eventually('the update handled', async () => (await metric(HANDLED, { outcome: 'ignored' })) > before);
    await expect(temporal.workflow.getHandle(releaseDateCheckWorkflowId(id)).describe()).rejects.toThrow();
  });

  it.each([
    [500, 'prisoner-search-unavailable', 3],
    [503, 'prisoner-search-unavailable', 3],
  ])('tries again when Prisoner Search answers %s, a bounded number of times, then makes a review item', async (status, kind, reads) => {
    const { id, prisonNumber, releaseDate } = await register();
    standIn.failing.set(prisonNumber, status);
    await publish(sentenceDatesChanged(prisonNumber));
    await debounced(id);
    expect(standIn.readsOf(prisonNumber)).toBe(reads);
    expect(await reviewItems(id)).toEqual([{ movement_kind: kind, prison_code: prison }]);
    expect((await pathway(id)).releaseDate).toBe(releaseDate);
  });

  it('makes a review item when Prisoner Search does not know the person', async () => {
    const { id, prisonNumber } = await register();
    standIn.people.delete(prisonNumber);
    await publish(calculationChanged(prisonNumber));
    await debounced(id);
    expect(standIn.readsOf(prisonNumber)).toBe(1);
    expect(await reviewItems(id)).toEqual([{ movement_kind: 'not-in-prisoner-search', prison_code: prison }]);
  });

  it('makes a review item for a new date that equals no key date', async () => {
    const { id, prisonNumber, releaseDate } = await register();
    standIn.people.set(prisonNumber, { releaseDate: newDate, conditionalReleaseDate: releaseDate });
    await publish(sentenceDatesChanged(prisonNumber));
    await debounced(id);
    expect(await reviewItems(id)).toEqual([{ movement_kind: 'release-date-unmatched', prison_code: prison }]);
    expect((await pathway(id)).releaseDate).toBe(releaseDate);
  });

  it('stores nothing and starts nothing for a person with no pathway (counted only)', async () => {
    const prisonNumber = registration().prisonNumber as string;
    const before = await metric('throughcare_intake_unknown_people_total');
    await publish(searchUpdated(prisonNumber));
    await eventually('the update counted', async () => (await metric('throughcare_intake_unknown_people_total')) > before);
    expect(standIn.readsOf(prisonNumber)).toBe(0);
    const traces = await db.query(
      `SELECT 'inbox' FROM intake_inbox i JOIN pathway_people pp ON pp.pathway_id = i.pathway_id WHERE pp.prison_number = $1
       UNION ALL SELECT 'audit' FROM audit_log WHERE target LIKE '%' || $1 || '%'`,
      [prisonNumber],
    );
    expect(traces).toEqual([]);
  });

  it('reconciles every open pathway nightly: a date changed while its event was lost is applied, an unchanged one is left alone', async () => {
    const changed = await register();
    const unchanged = await register();
    standIn.people.set(changed.prisonNumber, { releaseDate: newDate, postRecallReleaseDate: newDate });
    const summary = await reconcile('release-date-reconciliation-1.0-one-changed');
    expect(summary).toMatchObject({ changed: 1, failed: 0 });
    expect(standIn.readsOf(changed.prisonNumber)).toBe(1);
    expect(standIn.readsOf(unchanged.prisonNumber)).toBe(1);
    const view = await eventually('the reconciled date on the pathway', async () => {
      const v = await pathway(changed.id);
      return v.releaseDate === newDate && v;
    });
    expect(view.releaseDateType).toBe('PRRD');
    const untouched = await pathway(unchanged.id);
    expect(untouched.releaseDate).toBe(unchanged.releaseDate);
    expect(untouched.timeline.filter((e: { type: string }) => e.type === 'release-date-changed')).toEqual([]);
    // A second night with nothing new changes nothing.
    await eventually('the read model to catch up', async () => (await pathway(changed.id)).releaseDateType === 'PRRD');
    expect(await reconcile()).toMatchObject({ changed: 0, failed: 0 });
  });

  it('answers from the pathways’ own registrations in development, where no Prisoner Search is set', async () => {
    const { prisonNumber, releaseDate } = await register();
    const standInForDevelopment = new RegistrationsPrisonerSearch(db);
    expect(await standInForDevelopment.releaseDates(prisonNumber)).toEqual({ found: true, dates: { releaseDate, conditionalReleaseDate: releaseDate } });
    expect(await standInForDevelopment.releaseDates(registration().prisonNumber as string)).toEqual({ found: false });
  });

  it('keeps the nightly Schedule at 02:00 London on this worker’s task queue', async () => {
    const schedule = await temporal.schedule.getHandle(RECONCILIATION_SCHEDULE_ID).describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.spec.timezone).toBe('Europe/London');
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'releaseDateReconciliationWorkflow', taskQueue: config.TEMPORAL_TASK_QUEUE });
  });
});
