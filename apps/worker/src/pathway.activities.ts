/**
 * The pathway workflow's activities: the only writers of the pathway read model after
 * registration. Every write is idempotent: the pathway row and each task row are guarded by
 * the workflow-issued version, escalations and timeline events are keyed by workflow-issued
 * ids and inserted once, so retries and replays never duplicate or regress anything.
 * A snapshot is written by one statement (data-modifying CTEs): atomic without a
 * transaction, and one round trip, since every change to every pathway comes through here.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PathwayActivities, PathwaySnapshot } from '@throughcare/workflows/pathway';

@Injectable()
export class PathwayActivitiesService {
  private readonly logger = new Logger(PathwayActivitiesService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The activity functions, bound, as the worker registers them. */
  activities(): PathwayActivities {
    return { recordPathwaySnapshot: (snapshot) => this.recordPathwaySnapshot(snapshot) };
  }

  async recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<void> {
    await this.dataSource.query(WRITE_SNAPSHOT, snapshotParameters(snapshot));
    // Ids and counts only: the snapshot holds no personal data, and the log gets none of it.
    this.logger.log({
      correlationId: snapshot.correlationId,
      pathwayId: snapshot.pathwayId,
      version: snapshot.version,
      tasks: snapshot.tasks.length,
      escalations: snapshot.escalations.map((e) => e.key),
      msg: 'read model written',
    });
  }
}

/**
 * 'registering' becomes 'active' with the first snapshot. The sibling statements see the
 * same snapshot of the database and touch different tables; foreign keys are checked at
 * the end of the statement, so an escalation may name a task inserted beside it.
 */
const WRITE_SNAPSHOT = `
  WITH pathway AS (
    UPDATE pathways
       SET status = $2, release_date = $3, release_date_type = $4, expected_release_date = $5,
           release_date_adjusted_from = $6, released_on = $7, outcome = $8, outcome_at = $9,
           prison_code = $10, community_treatment_code = coalesce($15, community_treatment_code), version = $11, updated_at = now()
     WHERE id = $1 AND version < $11
  ), task_rows AS (
    INSERT INTO tasks (id, pathway_id, type, owner_type, owner_code, state, critical, due_at, completed_at,
                       completed_by, outcome, details, escalation_level, cancel_reason, version, issued_at)
    SELECT t.id, $1, t.type, t.owner_type, t.owner_code, t.state, t.critical, t.due_at, t.completed_at,
           t.completed_by, t.outcome, t.details, t.escalation_level, t.cancel_reason, t.version, t.issued_at
      FROM jsonb_to_recordset($12::jsonb) AS t(id uuid, type text, owner_type text, owner_code text, state text,
           critical boolean, due_at timestamptz, completed_at timestamptz, completed_by text, outcome text,
           details jsonb, escalation_level text, cancel_reason text, version int, issued_at timestamptz)
    ON CONFLICT (id) DO UPDATE
       SET owner_code = EXCLUDED.owner_code, state = EXCLUDED.state, due_at = EXCLUDED.due_at,
           completed_at = EXCLUDED.completed_at, completed_by = EXCLUDED.completed_by, outcome = EXCLUDED.outcome,
           details = EXCLUDED.details, escalation_level = EXCLUDED.escalation_level,
           cancel_reason = EXCLUDED.cancel_reason, version = EXCLUDED.version, updated_at = now()
     WHERE tasks.version < EXCLUDED.version
  ), escalation_rows AS (
    INSERT INTO escalations (key, pathway_id, task_id, level, raised_at, due_at, reason, notify, notified_orgs)
    SELECT e.key, $1, e.task_id, e.level, e.raised_at, e.due_at, e.reason, e.notify,
           ARRAY(SELECT DISTINCT n->>'org' FROM jsonb_array_elements(e.notify) AS n)
      FROM jsonb_to_recordset($13::jsonb) AS e(key text, task_id uuid, level text, raised_at timestamptz,
           due_at timestamptz, reason text, notify jsonb)
    ON CONFLICT (key) DO NOTHING
  )
  INSERT INTO pathway_events (pathway_id, seq, type, at, actor_sub, actor_org, correlation_id, details)
  SELECT $1, e.seq, e.type, e.at, e.actor_sub, e.actor_org, e.correlation_id, e.details
    FROM jsonb_to_recordset($14::jsonb) AS e(seq int, type text, at timestamptz, actor_sub text, actor_org text,
         correlation_id text, details jsonb)
  ON CONFLICT (pathway_id, seq) DO NOTHING`;

function snapshotParameters(s: PathwaySnapshot): unknown[] {
  return [
    s.pathwayId,
    s.status,
    s.releaseDate,
    s.releaseDateType,
    s.expectedReleaseDate,
    s.releaseDateAdjustedFrom ?? null,
    s.releasedOn ?? null,
    s.outcome ?? null,
    s.outcomeAt ?? null,
    s.prisonCode,
    s.version,
    JSON.stringify(
      s.tasks.map((t) => ({
        id: t.id,
        type: t.type,
        owner_type: t.ownerType,
        owner_code: t.owner,
        state: t.state,
        critical: t.critical,
        due_at: t.dueAt,
        completed_at: t.completedAt ?? null,
        completed_by: t.completedBy ?? null,
        outcome: t.outcome ?? null,
        details: t.details ?? null,
        escalation_level: t.escalationLevel ?? null,
        cancel_reason: t.cancelReason ?? null,
        version: t.version,
        issued_at: t.createdAt,
      })),
    ),
    JSON.stringify(
      s.escalations.map((e) => ({
        key: e.key,
        task_id: e.taskId ?? null,
        level: e.level,
        raised_at: e.raisedAt,
        due_at: e.dueAt,
        reason: e.reason,
        notify: e.notify,
      })),
    ),
    JSON.stringify(
      s.events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actor_sub: e.actor?.sub ?? null,
        actor_org: e.actor?.org ?? null,
        correlation_id: e.correlationId ?? null,
        details: e.details,
      })),
    ),
    s.communityTreatmentCode ?? null,
  ];
}
