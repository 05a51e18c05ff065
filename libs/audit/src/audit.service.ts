/** Writes and reads the append-only audit log. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(...entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.getRepository(AuditEntryEntity).insert(
      entries.map((entry) => ({
        actorSub: entry.user.sub,
        actorOrg: entry.user.org,
        actorRoles: entry.user.roles,
        action: entry.action,
        pathwayId: entry.pathwayId ?? null,
        taskId: entry.taskId ?? null,
        target: entry.target ?? null,
        status: entry.status,
        correlationId: entry.correlationId ?? null,
      })),
    );
  }

  trailOf(pathwayId: string): Promise<AuditEntryEntity[]> {
    return this.dataSource.getRepository(AuditEntryEntity).find({ where: { pathwayId }, order: { id: 'ASC' } });
  }
}
