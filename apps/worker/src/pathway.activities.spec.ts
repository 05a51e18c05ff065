/**
 * The read-model write against the real PostgreSQL that `npm test` prepared: a snapshot
 * lands whole, a retried one changes nothing, and a late-arriving older one regresses nothing;
 * a write PostgreSQL refuses for good is stored as far as it can be and recorded as a fault,
 * and one it refuses for now is retried. The deliveries it starts go to the real Temporal
 * server, on a task queue of this spec's that no worker polls: they wait there, sending nothing.
 */
import { Logger } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { type Config, loadConfig } from '@throughcare/config';
import { dataSourceOptions, webhookSecrets } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import { notificationWorkflowId } from '@throughcare/workflows/notifications';
import type { PathwaySnapshot, TaskView, TextView } from '@throughcare/workflows/pathway';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { freePort } from '../../../test/support/free-port';
import { eventually } from '../../../test/support/api-client';
import { EscalationSweep } from './escalations/escalation-sweep';
import { DeliveryStarter } from './notifications/delivery-starter';
import { classifyDatabaseError, PathwayActivitiesService, sqlState, withStorableText } from './pathway.activities';

describe('recordPathwaySnapshot', () => {
  let db: DataSource;
  let activities: PathwayActivitiesService;
  const env = new MockActivityEnvironment();
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `pathway-activities-spec-${randomUUID()}` });
  const temporal = new TemporalClientService(config);
  /** Every Temporal client made here, closed at the end. */
  const clients = [temporal];

  const activitiesWith = (c: Config, t: TemporalClientService) => new PathwayActivitiesService(db, c, new DeliveryStarter(db, c, t));

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await new DataSource(dataSourceOptions(config.DATABASE_URL, { poolSize: 2 })).initialize();
    activities = activitiesWith(config, temporal);
  });
  afterAll(async () => {
    for (const client of clients) await client.onApplicationShutdown();
    await db?.destroy();
  });

  /** The delivery workflow's run for a message, or undefined when none was started. */
  const deliveryOf = (notificationId: string) =>
    temporal
      .client()
      .then((client) => client.workflow.getHandle(notificationWorkflowId(notificationId)).describe())
      .then(
        (d) => ({ runId: d.runId, taskQueue: d.taskQueue }),
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        },
      );

  /** A webhook endpoint of a new organisation's, subscribed to new tasks, and an organisation without one. */
  async function toldAndUntold(): Promise<[string, string]> {
    const [told, untold] = [0, 1].map(() => `CTS-${randomUUID().slice(0, 8).toUpperCase()}`);
    for (const org of [told, untold]) await db.query(`INSERT INTO organisations (code, name, type) VALUES ($1, 'A one-trip test service', 'community-treatment')`, [org]);
    const endpointId = randomUUID();
    const secret = webhookSecrets(config).seal(endpointId, 'whsec_dGVzdHNlY3JldA=='); // stored only sealed, as the API stores it
    await db.query(`INSERT INTO webhook_endpoints (id, org_code, url, events, secret) VALUES ($1, $2, 'https://receiver.example/hook', '{task.created}', $3)`, [endpointId, told, secret]);
    return [told, untold];
  }

  /** Marks the pathway's messages handed on (their deliveries wait on a queue nobody polls), so no worker's catch-up takes them up. */
  async function handedOn(pathwayId: string, org: string): Promise<void> {
    await db.query(`UPDATE notifications SET dispatched_at = now() WHERE pathway_id = $1`, [pathwayId]);
    await db.query(`DELETE FROM webhook_endpoints WHERE org_code = $1`, [org]);
  }

  /** Each pathway its own person (one open pathway per person): numbered on from a random start, never drawn twice. */
  let nextPerson = Math.floor(Math.random() * 10_000);
  /** A registered pathway as the API leaves it: 'registering', version 0, no tasks. */
  async function registeredPathway(): Promise<string> {
    const prisonNumber = `Z${String(nextPerson++ % 10_000).padStart(4, '0')}ZZ`;
    const [person] = await db.query(
      `INSERT INTO persons (prison_number) VALUES ($1)
       ON CONFLICT (prison_number) DO UPDATE SET prison_number = EXCLUDED.prison_number RETURNING id`,
      [prisonNumber],
    );
    const id = randomUUID();
    await db.query(
      `INSERT INTO pathways (id, person_id, status, workflow_id, prison_code, registering_prison_code, destination_area,
                             community_treatment_code, probation_code, commissioner_code, release_date, release_date_type, release_day,
                             substances, on_ost, consent_to_share, policy_id, policy_version, registered_by, registered_at)
       VALUES ($1, $2, 'registering', $3, 'LEI', 'LEI', 'E08000035', 'CTS-LDS', 'PDU-LDS', 'LA-LDS', '2027-03-12', 'CRD', '2027-03-12',
               '{opiates}', true, true, 'england-default', 1, 'tester', now())`,
      [id, person.id, `pathway-${id}`],
    );
    return id;
  }

  function task(overrides: Partial<TaskView> = {}): TaskView {
    return {
      id: randomUUID(),
      type: 'referral',
      ownerType: 'prison',
      owner: 'LEI',
      state: 'open',
      createdAt: '2026-12-01T10:00:00.000Z',
      dueAt: '2026-12-10T17:00:00.000Z',
      critical: false,
      raised: [],
      skipped: [],
      version: 1,
      ...overrides,
    };
  }

  function snapshot(pathwayId: string, version: number, tasks: TaskView[], overrides: Partial<PathwaySnapshot> = {}): PathwaySnapshot {
    return {
      pathwayId,
      version,
      status: 'active',
      releaseDate: '2027-03-12',
      releaseDateType: 'CRD',
      expectedReleaseDate: '2027-03-12',
      releaseDay: '2027-03-12',
      prisonCode: 'LEI',
      tasks,
      escalations: [],
      events: [{ seq: 1, type: 'registered', at: '2026-12-01T10:00:00.000Z', details: {} }],
      causes: [],
      ...overrides,
    };
  }

  const write = (s: PathwaySnapshot) => env.run(() => activities.recordPathwaySnapshot(s));
  const rows = async (pathwayId: string) => ({
    pathway: (await db.query(`SELECT status, version, expected_release_date::text AS expected FROM pathways WHERE id = $1`, [pathwayId]))[0],
    tasks: await db.query(`SELECT id, state, version, escalation_level FROM tasks WHERE pathway_id = $1 ORDER BY issued_at, id`, [pathwayId]),
    escalations: await db.query(`SELECT key, notified_orgs FROM escalations WHERE pathway_id = $1`, [pathwayId]),
    events: await db.query(`SELECT seq, type FROM pathway_events WHERE pathway_id = $1 ORDER BY seq`, [pathwayId]),
  });

  it('writes the pathway, its tasks, an escalation on a task new in the same snapshot, and its events', async () => {
    const id = await registeredPathway();
    const overdue = task({ escalationLevel: 'L2' });
    await write(
      snapshot(id, 1, [overdue, task({ type: 'assessment' })], {
        escalations: [
          {
            key: `${overdue.id}:L2`,
            taskId: overdue.id,
            level: 'L2',
            raisedAt: '2026-12-11T09:00:00.000Z',
            dueAt: '2026-12-11T09:00:00.000Z',
            reason: 'referral overdue',
            notify: [
              { org: 'LEI', audience: 'owner' },
              { org: 'LA-LDS', audience: 'commissioner' },
              { org: 'LEI', audience: 'owner-managers' },
            ],
          },
        ],
      }),
    );

    const written = await rows(id);
    expect(written.pathway).toEqual({ status: 'active', version: 1, expected: '2027-03-12' });
    expect(written.tasks).toHaveLength(2);
    expect(written.escalations).toEqual([{ key: `${overdue.id}:L2`, notified_orgs: ['LA-LDS', 'LEI'] }]);
    expect(written.events).toEqual([{ seq: 1, type: 'registered' }]);
  });

  it('starts the delivery of each message it stored that someone besides the inbox is to be told of, once, and stores the rest as handed on', async () => {
    const [told, untold] = await toldAndUntold();
    const id = await registeredPathway();
    const tasks = [told, untold].map((org) => task({ type: 'referral-acceptance', ownerType: 'community-treatment', owner: org }));
    expect(await write(snapshot(id, 1, tasks))).toEqual({ unstored: [] });

    const stored: Array<{ id: string; org_code: string; urgency: string; pending: boolean }> = await db.query(
      `SELECT id, org_code, urgency, dispatched_at IS NULL AS pending FROM notifications WHERE pathway_id = $1 AND org_code = ANY ($2) ORDER BY org_code = $3 DESC`,
      [id, [told, untold], told],
    );
    expect(stored).toEqual([
      { id: expect.any(String), org_code: told, urgency: 'immediate', pending: true },
      { id: expect.any(String), org_code: untold, urgency: 'immediate', pending: false },
    ]);
    const started = await deliveryOf(stored[0].id);
    expect(started).toEqual({ runId: expect.any(String), taskQueue: config.TEMPORAL_TASK_QUEUE });
    expect(await deliveryOf(stored[1].id)).toBeUndefined();
    // The same write again stores nothing; the message it finds not yet handed on keeps its one delivery.
    expect(await write(snapshot(id, 1, tasks))).toEqual({ unstored: [] });
    expect(await deliveryOf(stored[0].id)).toEqual(started);
    await handedOn(id, told);
  });

  it('fails to be retried when Temporal does not take the starts, and its retry starts the same messages, none new', async () => {
    const [told] = await toldAndUntold();
    const away = loadConfig({ ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE });
    const unreachable = new TemporalClientService(away);
    clients.push(unreachable);
    const cutOff = activitiesWith(away, unreachable);
    const id = await registeredPathway();
    const s = snapshot(id, 1, [task({ type: 'referral-acceptance', ownerType: 'community-treatment', owner: told })]);

    const failure = await env.run(() => cutOff.recordPathwaySnapshot(s)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'DeliveryStartFailed', nonRetryable: false });
    const [message]: Array<{ id: string }> = await db.query(`SELECT id FROM notifications WHERE pathway_id = $1 AND org_code = $2 AND dispatched_at IS NULL`, [id, told]);
    expect(await deliveryOf(message.id)).toBeUndefined();

    expect(await write(s)).toEqual({ unstored: [] });
    expect(await deliveryOf(message.id)).toEqual({ runId: expect.any(String), taskQueue: config.TEMPORAL_TASK_QUEUE });
    expect(await db.query(`SELECT id FROM notifications WHERE pathway_id = $1 AND org_code = $2`, [id, told])).toEqual([message]);
    await handedOn(id, told);
  }, 30_000);

  it('stores T and why the day of release was moved, as the workflow computed them', async () => {
    const id = await registeredPathway();
    const reason = 'CRD 2027-03-12 is the day before a non-working day; brought forward to 2027-03-11';
    await write(snapshot(id, 1, [], { expectedReleaseDate: '2027-03-11', releaseDateAdjustedFrom: '2027-03-12', adjustmentReason: reason, releaseDay: '2027-03-11' }));
    const q = `SELECT release_day::text AS t, release_date_adjustment_reason AS reason FROM pathways WHERE id = $1`;
    expect((await db.query(q, [id]))[0]).toEqual({ t: '2027-03-11', reason });
    await write(snapshot(id, 2, [], { expectedReleaseDate: '2027-03-11', releaseDateAdjustedFrom: '2027-03-12', adjustmentReason: reason, releasedOn: '2027-03-10', releaseDay: '2027-03-10' }));
    expect((await db.query(q, [id]))[0]).toEqual({ t: '2027-03-10', reason });
  });

  it('changes nothing when the same snapshot is written again', async () => {
    const id = await registeredPathway();
    const s = snapshot(id, 1, [task()]);
    await write(s);
    const first = await rows(id);
    await write(s);
    expect(await rows(id)).toEqual(first);
  });

  it('keeps the newer pathway and task when an older snapshot arrives late', async () => {
    const id = await registeredPathway();
    const referral = task();
    const done = { ...referral, state: 'done' as const, version: 2, completedAt: '2026-12-02T10:00:00.000Z' };
    await write(snapshot(id, 2, [done], { expectedReleaseDate: '2027-03-11', events: [] }));
    await write(snapshot(id, 1, [referral]));

    const written = await rows(id);
    expect(written.pathway).toEqual({ status: 'active', version: 2, expected: '2027-03-11' });
    expect(written.tasks).toEqual([{ id: referral.id, state: 'done', version: 2, escalation_level: null }]);
    // Events are keyed by sequence number and only ever added.
    expect(written.events).toEqual([{ seq: 1, type: 'registered' }]);
  });

  it("writes the pathway's texts, each keeping the newest version it was given", async () => {
    const pathwayId = await registeredPathway();
    const text: TextView = { id: randomUUID(), kind: 'booked', taskId: randomUUID(), appointmentAt: '2027-03-12T10:30:00.000Z', dueAt: '2027-03-08T11:00:00.000Z', state: 'planned', version: 1 };
    const sent: TextView = { ...text, state: 'sent', notifyId: randomUUID(), sentAt: '2027-03-08T11:00:01.000Z', version: 2 };
    await activities.recordPathwayTexts({ pathwayId, texts: [sent] });
    await activities.recordPathwayTexts({ pathwayId, texts: [text] }); // a late, older write
    const rows = await db.query(`SELECT kind, state, notify_id, version FROM pathway_texts WHERE pathway_id = $1`, [pathwayId]);
    expect(rows).toEqual([{ kind: 'booked', state: 'sent', notify_id: sent.notifyId, version: 2 }]);
  });

  describe('the escalation sweep (EscalationSweep), ahead of the workflow', () => {
    /** Sweeps of other suites' workers may take this spec's pathways too: the checks are of what is stored, never of a round's counts. */
    const sweep = () => new EscalationSweep(db, config).sweep();
    const dueAt = '2026-12-01T17:00:00.000Z'; // passed, whatever the day the test runs
    const rung = (t: TaskView, org: string) => ({
      key: `${t.id}:L1`,
      taskId: t.id,
      level: 'L1' as const,
      dueAt,
      reason: `referral is due ${dueAt}`,
      notify: [{ org, audience: 'owner' as const }],
    });
    const stored = async (pathwayId: string) => ({
      escalations: await db.query(`SELECT key, level, raised_at >= due_at AS late, due_at = $2::timestamptz AS on_plan FROM escalations WHERE pathway_id = $1`, [pathwayId, dueAt]),
      messages: await db.query(`SELECT id, key, dispatched_at IS NULL AS pending FROM notifications WHERE pathway_id = $1 AND event = 'task.escalated'`, [pathwayId]),
      planned: (await db.query(`SELECT count(*)::int AS n FROM escalation_plans WHERE pathway_id = $1`, [pathwayId]))[0].n === 1,
    });
    const levelOf = async (taskId: string) => (await db.query(`SELECT escalation_level, version FROM tasks WHERE id = $1`, [taskId]))[0];

    it('stores a due rung of an open task once, with its message; the workflow raising it after stores nothing twice and hands the message on', async () => {
      // Its webhook hears of escalations only, so the new task's own message is handed on as stored.
      const [told] = await toldAndUntold();
      await db.query(`UPDATE webhook_endpoints SET events = '{task.escalated}' WHERE org_code = $1`, [told]);
      const id = await registeredPathway();
      const overdue = task({ type: 'referral-acceptance', ownerType: 'community-treatment', owner: told });
      await write(snapshot(id, 1, [overdue], { plannedEscalations: [rung(overdue, told)] }));
      expect((await stored(id)).planned).toBe(true);

      await sweep();
      await sweep(); // again: nothing new
      const swept = await stored(id);
      expect(swept.escalations).toEqual([{ key: `${overdue.id}:L1`, level: 'L1', late: true, on_plan: true }]);
      expect(swept.messages).toEqual([{ id: expect.any(String), key: `escalation:${overdue.id}:L1:${told}:team`, pending: true }]);
      expect(swept.planned).toBe(false);
      // The task shows the level its escalations show; its version stays the workflow's.
      expect(await levelOf(overdue.id)).toEqual({ escalation_level: 'L1', version: overdue.version });

      // The workflow wakes and raises the same rung under the same key, with the next rung planned.
      const raised = { ...rung(overdue, told), raisedAt: '2026-12-01T17:01:30.000Z' };
      const later = { ...rung(overdue, told), key: `${overdue.id}:L2`, level: 'L2' as const, dueAt: '2999-12-01T17:00:00.000Z' };
      await write(snapshot(id, 2, [{ ...overdue, escalationLevel: 'L1', raised: ['L1'], version: 2 }], { escalations: [raised], plannedEscalations: [later] }));
      const after = await stored(id);
      expect(after.escalations).toEqual(swept.escalations);
      expect(after.messages.map((m: { id: string }) => m.id)).toEqual(swept.messages.map((m: { id: string }) => m.id));
      expect(after.planned).toBe(true);
      // Handed on by the workflow's write, as a message any earlier write stored: its delivery has started.
      expect(await deliveryOf(swept.messages[0].id)).toMatchObject({ taskQueue: config.TEMPORAL_TASK_QUEUE });
      await handedOn(id, told);
    });

    it('waits for a snapshot write in flight on the same task instead of deadlocking with it', async () => {
      const id = await registeredPathway();
      const overdue = task();
      await write(snapshot(id, 1, [overdue], { plannedEscalations: [rung(overdue, 'LEI')] }));
      // The workflow's write, in flight: as the snapshot write does, it locks the task, then inserts the escalation.
      const inFlight = db.createQueryRunner();
      await inFlight.startTransaction();
      // Its own connection: the pool's two are the write in flight's and the sweep's.
      const watcher = new Client({ connectionString: config.DATABASE_URL });
      await watcher.connect();
      try {
        await inFlight.query(`UPDATE tasks SET updated_at = now() WHERE id = $1`, [overdue.id]);
        const [{ xact }] = await inFlight.query(`SELECT pg_current_xact_id()::text AS xact`);
        const sweeping = sweep();
        sweeping.catch(() => undefined); // awaited below; not unhandled meanwhile if it fails early
        await eventually('the sweep waiting on the write in flight', async () => {
          const { rows } = await watcher.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`, [xact]);
          return rows[0].waiting > 0;
        });
        await inFlight.query(
          `INSERT INTO escalations (key, pathway_id, task_id, level, raised_at, due_at, reason, notify, notified_orgs)
           VALUES ($1, $2, $3, 'L1', now(), $4, 'referral is due', '[]', '{}') ON CONFLICT (key) DO NOTHING`,
          [`${overdue.id}:L1`, id, overdue.id, dueAt],
        );
        await inFlight.commitTransaction();
        await sweeping; // a deadlock would have failed one of the two (the sweep's round, or the commit)
      } finally {
        if (inFlight.isTransactionActive) await inFlight.rollbackTransaction();
        await inFlight.release();
        await watcher.end();
      }
      expect((await stored(id)).escalations).toEqual([{ key: `${overdue.id}:L1`, level: 'L1', late: true, on_plan: true }]);
      expect((await levelOf(overdue.id)).escalation_level).toBe('L1');
    });

    it('never lowers a task’s level: a rung below the level its workflow wrote leaves it', async () => {
      const id = await registeredPathway();
      const higher = task({ escalationLevel: 'L2' });
      await write(snapshot(id, 1, [higher], { plannedEscalations: [rung(higher, 'LEI')] }));
      await sweep();
      expect((await stored(id)).escalations).toEqual([{ key: `${higher.id}:L1`, level: 'L1', late: true, on_plan: true }]);
      expect(await levelOf(higher.id)).toEqual({ escalation_level: 'L2', version: higher.version });
    });

    it('stores nothing for a task done since the plan, nor on a pathway failed or closed, and leaves a rung not yet due', async () => {
      const pathways = await Promise.all([0, 1, 2, 3].map(() => registeredPathway()));
      const tasks = pathways.map(() => task());
      const [done, failed, closed, notYet] = pathways;
      await write(snapshot(done, 1, [{ ...tasks[0], state: 'done' }], { plannedEscalations: [rung(tasks[0], 'LEI')] }));
      await write(snapshot(failed, 1, [tasks[1]], { plannedEscalations: [rung(tasks[1], 'LEI')] }));
      await env.run(() => activities.recordPathwayFailure({ pathwayId: failed, reason: 'workflow-error', error: 'RangeError' }));
      await write(snapshot(closed, 1, [tasks[2]], { status: 'closed', plannedEscalations: [rung(tasks[2], 'LEI')] }));
      await write(snapshot(notYet, 1, [tasks[3]], { plannedEscalations: [{ ...rung(tasks[3], 'LEI'), dueAt: '2999-01-01T17:00:00.000Z' }] }));

      await sweep();
      for (const id of pathways) expect((await stored(id)).escalations).toEqual([]);
      expect((await levelOf(tasks[0].id)).escalation_level).toBeNull();
      // The plans due are taken, carried out or not; the one not yet due stays.
      expect(await Promise.all(pathways.map(async (id) => (await stored(id)).planned))).toEqual([false, false, false, true]);
    });
  });

  describe('when PostgreSQL refuses a write for good', () => {
    /** The schema's owner, who may add the triggers that refuse writes; the app's login may not. */
    let owner: DataSource;
    const cleanups: Array<() => Promise<unknown>> = [];
    const faulted: string[] = [];

    beforeAll(async () => {
      owner = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    });
    afterEach(async () => {
      while (cleanups.length > 0) await cleanups.pop()!();
      jest.restoreAllMocks();
    });
    afterAll(async () => {
      // Leave no unresolved fault behind: /health, read by suites running alongside, counts them.
      if (faulted.length > 0) await owner.query(`UPDATE pathway_faults SET resolved_at = now() WHERE pathway_id = ANY($1::uuid[]) AND resolved_at IS NULL`, [faulted]);
      await owner?.destroy();
    });

    /** A trigger that refuses some rows of a table with the given SQLSTATE, dropped after the test. */
    async function refuse(table: string, timing: 'INSERT' | 'UPDATE', when: string, sqlstate: string): Promise<void> {
      const name = `refuse_${randomUUID().replace(/-/g, '')}`;
      await owner.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '${sqlstate}'; END $$`);
      await owner.query(`CREATE TRIGGER ${name} BEFORE ${timing} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`);
      cleanups.push(() => owner.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}; DROP FUNCTION IF EXISTS ${name}()`));
    }

    async function faultsOf(pathwayId: string) {
      faulted.push(pathwayId);
      return db.query(`SELECT version, kind, sqlstate, unstored, resolved_at IS NOT NULL AS resolved FROM pathway_faults WHERE pathway_id = $1 ORDER BY version`, [pathwayId]);
    }

    const escalation = (taskId: string, level = 'L1' as const) => ({
      key: `${taskId}:${level}`,
      taskId,
      level,
      raisedAt: '2026-12-11T17:00:00.000Z',
      dueAt: '2026-12-11T17:00:00.000Z',
      reason: 'referral is due',
      notify: [{ org: 'LEI', audience: 'owner' as const }],
    });

    it('stores text PostgreSQL cannot hold with U+FFFD in its place, and records the fault as resolved', async () => {
      const id = await registeredPathway();
      const declined = task({ state: 'done', details: { reason: 'Trevithick \u0000 said no' } });
      const result = await write(
        snapshot(id, 1, [declined], { events: [{ seq: 1, type: 'cancelled', at: '2026-12-01T10:00:00.000Z', details: { reason: 'lone \uD800 surrogate' } }] }),
      );
      expect(result).toEqual({ unstored: [] });
      const [stored] = await db.query(`SELECT details->>'reason' AS reason FROM tasks WHERE id = $1`, [declined.id]);
      expect(stored.reason).toBe('Trevithick \uFFFD said no');
      const [event] = await db.query(`SELECT details->>'reason' AS reason FROM pathway_events WHERE pathway_id = $1`, [id]);
      expect(event.reason).toBe('lone \uFFFD surrogate');
      expect(await faultsOf(id)).toEqual([{ version: 1, kind: 'text-replaced', sqlstate: expect.stringMatching(/^22/), unstored: [], resolved: true }]);
    });

    it('stores every piece it can when one task row is refused, records what it left out, and logs no values', async () => {
      const id = await registeredPathway();
      const [refused, other] = [task({ details: { note: 'Trevithick' } }), task({ type: 'assessment' })];
      await write(snapshot(id, 1, [refused, other]));
      await refuse('tasks', 'UPDATE', `OLD.id = '${refused.id}'`, '22023');
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

      const result = await write(
        snapshot(id, 2, [{ ...refused, state: 'done', version: 2 }, { ...other, escalationLevel: 'L1', version: 2 }], {
          status: 'active',
          escalations: [escalation(other.id)],
          events: [{ seq: 2, type: 'transferred', at: '2026-12-02T10:00:00.000Z', details: { from: 'LEI', to: 'BMI' } }],
        }),
      );

      expect(result).toEqual({ unstored: [`task:${refused.id}`] });
      const written = await rows(id);
      expect(written.pathway.version).toBe(2);
      expect(written.tasks).toEqual(
        expect.arrayContaining([
          { id: refused.id, state: 'open', version: 1, escalation_level: null },
          { id: other.id, state: 'open', version: 2, escalation_level: 'L1' },
        ]),
      );
      expect(written.escalations.map((e: { key: string }) => e.key)).toEqual([`${other.id}:L1`]);
      expect(written.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
      expect(await faultsOf(id)).toEqual([{ version: 2, kind: 'partly-stored', sqlstate: '22023', unstored: [`task:${refused.id}`], resolved: false }]);
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).toContain(id);
      expect(logged).toContain('22023');
      for (const secret of ['Trevithick', 'refused by the test', 'transferred', 'BMI']) expect(logged).not.toContain(secret);
    });

    it('resolves the fault once a later write stores what was left out', async () => {
      const id = await registeredPathway();
      const refused = task();
      await write(snapshot(id, 1, [refused]));
      await refuse('tasks', 'UPDATE', `OLD.id = '${refused.id}'`, '23514');
      expect(await write(snapshot(id, 2, [{ ...refused, state: 'done', version: 2 }], { events: [] }))).toEqual({ unstored: [`task:${refused.id}`] });
      // The cause is put right; the workflow carries the task again in its next write.
      await cleanups.pop()!();
      expect(await write(snapshot(id, 3, [{ ...refused, state: 'done', version: 3 }], { events: [] }))).toEqual({ unstored: [] });
      expect((await rows(id)).tasks).toEqual([{ id: refused.id, state: 'done', version: 3, escalation_level: null }]);
      expect(await faultsOf(id)).toEqual([expect.objectContaining({ version: 2, resolved: true })]);
    });

    it('stores an escalation without its task when the task row cannot be stored, rather than not at all', async () => {
      const id = await registeredPathway();
      const refused = task({ escalationLevel: 'L1' });
      await refuse('tasks', 'INSERT', `NEW.id = '${refused.id}'`, 'P0001');
      const result = await write(snapshot(id, 1, [refused], { escalations: [escalation(refused.id)] }));
      expect(result).toEqual({ unstored: [`task:${refused.id}`] });
      const [stored] = await db.query(`SELECT key, task_id FROM escalations WHERE pathway_id = $1`, [id]);
      expect(stored).toEqual({ key: `${refused.id}:L1`, task_id: null });
      expect(await faultsOf(id)).toEqual([expect.objectContaining({ kind: 'partly-stored', sqlstate: 'P0001', resolved: false })]);
    });

    it('throws a passing failure for Temporal to retry, and records nothing, when the refusal is for now', async () => {
      const id = await registeredPathway();
      await refuse('pathway_events', 'INSERT', `NEW.pathway_id = '${id}'`, '40001');
      const failure = await write(snapshot(id, 1, [task()])).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'TransientDatabaseError', nonRetryable: false, message: expect.stringContaining('40001') });
      expect(await faultsOf(id)).toEqual([]);
      expect((await rows(id)).pathway.version).toBe(0);
    });

    it('marks a pathway failed with its reason code, and no later snapshot revives it', async () => {
      const id = await registeredPathway();
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      await env.run(() => activities.recordPathwayFailure({ pathwayId: id, reason: 'workflow-error', error: 'RangeError' }));
      await write(snapshot(id, 1, [task()]));
      const [pathway] = await db.query(`SELECT status, failure_reason, failed_at IS NOT NULL AS dated, version FROM pathways WHERE id = $1`, [id]);
      expect(pathway).toEqual({ status: 'failed', failure_reason: 'workflow-error', dated: true, version: 0 });
    });
  });
});

describe(classifyDatabaseError.name, () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, { poolSize: 1 })).initialize();
  });
  afterAll(() => db?.destroy());

  /** The error PostgreSQL raises for a statement. */
  const errorOf = (sql: string, parameters: unknown[] = []) => db.query(sql, parameters).then(() => undefined, (err: unknown) => err);
  const raising = (sqlstate: string) => errorOf(`DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '${sqlstate}'; END $$`);

  it('takes data, integrity, syntax and access errors, and refusals by routines, as permanent', async () => {
    const nul = await errorOf(`SELECT $1::jsonb`, [JSON.stringify({ reason: 'a\u0000b' })]);
    expect(sqlState(nul)).toBe('22P05');
    expect(classifyDatabaseError(nul)).toBe('permanent');
    const surrogate = await errorOf(`SELECT $1::jsonb`, [JSON.stringify({ reason: 'a\uD800b' })]);
    expect(sqlState(surrogate)).toMatch(/^22/);
    expect(classifyDatabaseError(surrogate)).toBe('permanent');
    expect(classifyDatabaseError(await errorOf(`SELECT 1 / 0`))).toBe('permanent');
    expect(classifyDatabaseError(await errorOf(`SELECT * FROM no_such_table`))).toBe('permanent');
    expect(classifyDatabaseError(await errorOf(`INSERT INTO organisations (code, name, type) VALUES ('LEI', 'again', 'prison')`))).toBe('permanent');
    for (const sqlstate of ['0A000', '21000', '23514', '27000', '2F005', '38001', '39P01', '42501', '44000', 'P0001']) {
      expect([sqlstate, classifyDatabaseError(await raising(sqlstate))]).toEqual([sqlstate, 'permanent']);
    }
  });

  it('takes connection, shutdown, serialization, deadlock, resource and lock errors as passing', async () => {
    for (const sqlstate of ['08006', '57P01', '57P03', '40001', '40P01', '53300', '55P03', '57014', '58030', 'XX000']) {
      expect([sqlstate, classifyDatabaseError(await raising(sqlstate))]).toEqual([sqlstate, 'transient']);
    }
  });

  it('takes an error without a SQLSTATE, such as a refused connection, as passing', async () => {
    const refused = await new Client({ host: '127.0.0.1', port: await freePort() }).connect().then(() => undefined, (err: unknown) => err);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(sqlState(refused)).toBeUndefined();
    expect(classifyDatabaseError(refused)).toBe('transient');
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))).toBe('transient');
  });
});

describe(withStorableText.name, () => {
  it('replaces NUL and lone surrogates, in values and keys, and leaves paired surrogates alone', () => {
    const { value, replaced } = withStorableText({ a: 'x\u0000y', ['k\uDC00']: ['\uD800', '\uD83D\uDE00 ok'], n: 1, b: true, z: null });
    expect(value).toEqual({ a: 'x\uFFFDy', ['k\uFFFD']: ['\uFFFD', '\uD83D\uDE00 ok'], n: 1, b: true, z: null });
    expect(replaced).toBe(3);
  });
});
