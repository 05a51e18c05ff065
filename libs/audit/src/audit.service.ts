/** Writes and reads the append-only audit log. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { AuditEntryEntity } from '@throughcare/persistence';

export interface AuditRecord {
  user: AuthenticatedUser;
  action: string;
  pathwayId?: string;
  taskId?: string;
  target?: string;
  status: number;
  correlationId?: string;
}

/**
 * One statement for all of one actor's lines, however many a page shows: the actor once, each
 * line's own columns as arrays, in the order given (so the ids, and `trailOf`, keep that order).
 * No RETURNING: nothing reads the new ids. `at` is the column's default, the transaction's time.
 */
export const INSERT_AUDIT_LINES = `
  INSERT INTO audit_log (actor_sub, actor_org, actor_roles, action, pathway_id, task_id, target, status, correlation_id)
  SELECT $1::text, $2::text, $3::text[], line.action, line.pathway_id, line.task_id, line.target, line.status, line.correlation_id
    FROM unnest($4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::text[])
         WITH ORDINALITY AS line(action, pathway_id, task_id, target, status, correlation_id, n)
   ORDER BY line.n`;

/** The parameters of INSERT_AUDIT_LINES for lines that share one actor. */
function auditLinesParameters(actor: AuthenticatedUser, lines: AuditRecord[]): unknown[] {
  return [
    actor.sub,
    actor.org,
    actor.roles,
    lines.map((l) => l.action),
    lines.map((l) => l.pathwayId ?? null),
    lines.map((l) => l.taskId ?? null),
    lines.map((l) => l.target ?? null),
    lines.map((l) => l.status),
    lines.map((l) => l.correlationId ?? null),
  ];
}

/** The entries split where the actor changes, in order (in practice one call has one actor). */
function runsByActor(entries: AuditRecord[]): AuditRecord[][] {
  const runs: AuditRecord[][] = [];
  for (const entry of entries) {
    const run = runs.at(-1);
    if (run && sameActor(run[0].user, entry.user)) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

function sameActor(a: AuthenticatedUser, b: AuthenticatedUser): boolean {
  return a === b || (a.sub === b.sub && a.org === b.org && a.roles.length === b.roles.length && a.roles.every((role, i) => role === b.roles[i]));
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(...entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const runs = runsByActor(entries);
    const insert = (db: DataSource | EntityManager, run: AuditRecord[]) => db.query(INSERT_AUDIT_LINES, auditLinesParameters(run[0].user, run));
    if (runs.length === 1) {
      await insert(this.dataSource, runs[0]);
      return;
    }
    // Several actors in one call: all their lines or none, as a single statement would be.
    await this.dataSource.transaction(async (manager) => {
      for (const run of runs) await insert(manager, run);
    });
  }

  trailOf(pathwayId: string): Promise<AuditEntryEntity[]> {
    return this.dataSource.getRepository(AuditEntryEntity).find({ where: { pathwayId }, order: { id: 'ASC' } });
  }
}
