/**
 * The pathway workflow's activities: the only writers of the pathway read model after
 * registration. Every write is an upsert keyed by the workflow-issued task id and guarded by
 * the workflow-issued version, so retries and replays never duplicate or regress a row.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PathwayActivities, PathwaySnapshot } from '@throughcare/workflows/pathway';

@Injectable()
export class PathwayActivitiesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The activity functions, bound, as the worker registers them. */
  activities(): PathwayActivities {
    return { recordPathwaySnapshot: (snapshot) => this.recordPathwaySnapshot(snapshot) };
  }

  async recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE pathways
            SET status = $2, expected_release_date = $3, release_date_adjusted_from = $4, version = $5, updated_at = now()
          WHERE id = $1 AND version < $5`,
        [snapshot.pathwayId, snapshot.status, snapshot.expectedReleaseDate, snapshot.releaseDateAdjustedFrom ?? null, snapshot.version],
      );
      // A newer snapshot is already stored: this one is a late retry and must not overwrite it.
      if (rowCount(updated) === 0) return;
      if (snapshot.tasks.length === 0) return;
      await tx.query(
        `INSERT INTO tasks (id, pathway_id, type, owner_type, owner_code, state, critical, due_at, completed_at,
                            completed_by, outcome, details, escalation_level, version, issued_at)
         SELECT t.id, $1, t.type, t.owner_type, t.owner_code, t.state, t.critical, t.due_at, t.completed_at,
                t.completed_by, t.outcome, t.details, NULL, $2, t.issued_at
           FROM jsonb_to_recordset($3::jsonb) AS t(id uuid, type text, owner_type text, owner_code text, state text,
                critical boolean, due_at timestamptz, completed_at timestamptz, completed_by text, outcome text,
                details jsonb, issued_at timestamptz)
         ON CONFLICT (id) DO UPDATE
            SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, completed_at = EXCLUDED.completed_at,
                completed_by = EXCLUDED.completed_by, outcome = EXCLUDED.outcome, details = EXCLUDED.details,
                version = EXCLUDED.version, updated_at = now()
          WHERE tasks.version < EXCLUDED.version`,
        [
          snapshot.pathwayId,
          snapshot.version,
          JSON.stringify(
            snapshot.tasks.map((t) => ({
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
              issued_at: t.createdAt,
            })),
          ),
        ],
      );
    });
  }
}

/** TypeORM's postgres driver answers an UPDATE with [rows, rowCount]. */
function rowCount(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
