/**
 * The import workflow's activities, run in the API beside the registration they reuse: each
 * row goes through PathwayService.register exactly as `POST /v1/releases` does, as by the
 * person who sent the list, and is audited as theirs. A row's pathway id derives from the
 * import and the row, so a batch retried after a crash, or a worker killed mid-import,
 * registers nobody twice. A row's own fault (a duplicate, an organisation unknown) is its
 * result; a passing failure (an outage, a busy pathway) fails the batch, to be retried.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { heartbeat } from '@temporalio/activity';
import { DataSource, In } from 'typeorm';
import { AuditService } from '@throughcare/audit';
import type { AuthenticatedUser } from '@throughcare/auth';
import { ReleaseImportEntity, ReleaseImportRowEntity } from '@throughcare/persistence';
import { ProblemException } from '@throughcare/problem';
import type { ReleaseImportActivities } from '@throughcare/workflows/imports';
import { PathwayService } from '../pathways/pathway.service';
import type { RegisterReleaseDto } from '../pathways/register-release.dto';

/** A row's own fault: answered once, not cured by retrying. */
const ROW_FAULTS = new Set([400, 403, 404, 409, 422]);
const DUPLICATE_TYPES = new Set(['pathway-exists', 'pathway-exists-elsewhere']);

@Injectable()
export class ReleaseImportActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pathways: PathwayService,
    private readonly audit: AuditService,
  ) {}

  activities(): ReleaseImportActivities {
    return {
      registerImportRows: (batch) => this.registerImportRows(batch),
      finishImport: (done) => this.finishImport(done),
    };
  }

  async registerImportRows({ importId, rows }: { importId: string; rows: number[] }): Promise<void> {
    const sent = await this.dataSource.getRepository(ReleaseImportEntity).findOneByOrFail({ id: importId });
    const sender: AuthenticatedUser = { sub: sent.createdBy, name: sent.createdByName, org: sent.orgCode, roles: ['prison-healthcare'] };
    const pending = await this.dataSource.getRepository(ReleaseImportRowEntity).find({ where: { importId, rowNumber: In(rows), result: 'pending' }, order: { rowNumber: 'ASC' } });
    for (const row of pending) {
      await this.registerRow(sender, row);
      heartbeat(row.rowNumber);
    }
  }

  async finishImport({ importId }: { importId: string }): Promise<void> {
    await this.dataSource.getRepository(ReleaseImportEntity).update({ id: importId, state: 'processing' }, { state: 'done', finishedAt: new Date() });
  }

  private async registerRow(sender: AuthenticatedUser, row: ReleaseImportRowEntity): Promise<void> {
    const key = `import:${row.importId}:${row.rowNumber}`;
    const target = `release-import:${row.importId}#${row.rowNumber}`;
    const rows = this.dataSource.getRepository(ReleaseImportRowEntity);
    const where = { importId: row.importId, rowNumber: row.rowNumber };
    try {
      const pathway = await this.pathways.register(sender, row.registration as unknown as RegisterReleaseDto, { org: sender.org, key, id: key }, row.importId);
      await rows.update(where, { result: 'created', pathwayId: pathway.id });
      await this.audit.record({ user: sender, action: 'pathway.register', pathwayId: pathway.id, target, status: 201 });
    } catch (err) {
      if (!(err instanceof ProblemException) || !ROW_FAULTS.has(err.problem.status) || err.problem.type === 'request-in-progress') throw err;
      const duplicate = DUPLICATE_TYPES.has(err.problem.type);
      const existing = typeof err.problem.extensions?.pathwayId === 'string' ? err.problem.extensions.pathwayId : null;
      await rows.update(where, {
        result: duplicate ? 'duplicate' : 'invalid',
        pathwayId: duplicate ? existing : null,
        errors: duplicate ? null : rowErrors(err.problem),
        detail: err.problem.detail ?? err.problem.title,
      });
      await this.audit.record({ user: sender, action: 'pathway.register', pathwayId: existing ?? undefined, target, status: err.problem.status });
    }
  }
}

/**
 * A row the registration refused: its field errors, or, for a refusal of the whole registration
 * (no service for the area, a rule of the pathway), one error on `(registration)` whose code is
 * the problem's type, so a client can say it in its own words as it does for a single one.
 */
function rowErrors(problem: ProblemException['problem']): ReleaseImportRowEntity['errors'] {
  const errors = problem.extensions?.errors as ReleaseImportRowEntity['errors'] | undefined;
  if (errors && errors.length > 0) return errors;
  return [{ field: '(registration)', code: problem.type.split('/').pop(), messages: [problem.detail ?? problem.title] }];
}
