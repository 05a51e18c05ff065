/**
 * The read-model write against the real PostgreSQL that `npm test` prepared: a snapshot
 * lands whole, a retried one changes nothing, and a late-arriving older one regresses nothing.
 */
import { Logger } from '@nestjs/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { loadConfig } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import type { PathwaySnapshot, TaskView } from '@throughcare/workflows/pathway';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PathwayActivitiesService } from './pathway.activities';

describe('recordPathwaySnapshot', () => {
  let db: DataSource;
  let activities: PathwayActivitiesService;
  const env = new MockActivityEnvironment();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, { poolSize: 2 })).initialize();
    activities = new PathwayActivitiesService(db);
  });
  afterAll(() => db?.destroy());

  /** A registered pathway as the API leaves it: 'registering', version 0, no tasks. */
  async function registeredPathway(): Promise<string> {
    const prisonNumber = `Z${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}ZZ`;
    const [person] = await db.query(
      `INSERT INTO persons (prison_number, given_name, family_name, date_of_birth) VALUES ($1, 'Test', 'Person', '1980-01-01')
       ON CONFLICT (prison_number) DO UPDATE SET given_name = EXCLUDED.given_name RETURNING id`,
      [prisonNumber],
    );
    const id = randomUUID();
    await db.query(
      `INSERT INTO pathways (id, person_id, status, workflow_id, prison_code, registering_prison_code, destination_area,
                             community_treatment_code, probation_code, commissioner_code, release_date, release_date_type,
                             substances, on_ost, consent_to_share, policy_id, policy_version, registered_by, registered_at)
       VALUES ($1, $2, 'registering', $3, 'LEI', 'LEI', 'E08000035', 'CTS-LDS', 'PDU-LDS', 'LA-LDS', '2027-03-12', 'CRD',
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
      prisonCode: 'LEI',
      tasks,
      escalations: [],
      events: [{ seq: 1, type: 'registered', at: '2026-12-01T10:00:00.000Z', details: {} }],
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
});
