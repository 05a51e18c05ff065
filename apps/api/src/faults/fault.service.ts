/**
 * What an operator must look at: pathways whose workflow failed, and pathways whose read
 * model misses writes PostgreSQL refused for good. Ids, codes and SQLSTATEs only.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { DataSource } from 'typeorm';
import { requireAdmin } from '@throughcare/access';
import { decodeCursor, keysetPage } from '../common/cursor';
import { FlaggedPathwayDto, FlaggedPathwayPageDto, ListFaultsQueryDto } from './fault.dto';

interface Row {
  id: string;
  status: string;
  failure_reason: string | null;
  failed_at: Date | null;
  faults: Array<{ version: number; kind: string; sqlstate: string | null; unstored: string[]; at: string }> | null;
  flagged_at: Date;
}

@Injectable()
export class FaultService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: ListFaultsQueryDto): Promise<FlaggedPathwayPageDto> {
    requireAdmin(user, 'Only an administrator can list the pathways that need an operator');
    const after = query.cursor ? decodeCursor(query.cursor, ListFaultsQueryDto.cursorShape) : undefined;
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT p.id, p.status, p.failure_reason, p.failed_at, f.faults,
                greatest(p.failed_at, f.last_at) AS flagged_at
           FROM pathways p
           LEFT JOIN LATERAL (
             SELECT json_agg(json_build_object('version', x.version, 'kind', x.kind, 'sqlstate', x.sqlstate, 'unstored', x.unstored, 'at', x.at) ORDER BY x.version) AS faults,
                    max(x.at) AS last_at
               FROM pathway_faults x WHERE x.pathway_id = p.id AND x.resolved_at IS NULL) f ON true
          WHERE p.status = 'failed' OR f.faults IS NOT NULL) flagged
        WHERE $1::timestamptz IS NULL OR (flagged_at, id) < ($1::timestamptz, $2::uuid)
        ORDER BY flagged_at DESC, id DESC
        LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
    return keysetPage(
      rows,
      query.limit,
      (r) => ({ at: r.flagged_at.toISOString(), id: r.id }),
      (r): FlaggedPathwayDto => ({
        id: r.id,
        status: r.status,
        failureReason: r.failure_reason,
        failedAt: r.failed_at?.toISOString() ?? null,
        unresolvedFaults: (r.faults ?? []).map((f) => ({ ...f, at: new Date(f.at).toISOString() })),
        flaggedAt: r.flagged_at.toISOString(),
      }),
    );
  }
}
