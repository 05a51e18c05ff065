/**
 * The import workflow's activities, run by the worker on the imports' own task queue: each
 * row goes through the Registrar exactly as `POST /v1/releases` does in the API, as by the
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
import { type DomainError, isDomainError, PROBLEMS, type ProblemCode } from '@throughcare/problem';
import { Registrar, type ReleaseRegistration } from '@throughcare/registration';
import type { ReleaseImportActivities } from '@throughcare/workflows/imports';

/**
 * A row's own fault: answered once, not cured by retrying. Anything else (an outage, a busy
 * pathway, a registration of this row still in progress) fails the batch, to be retried.
 */
const DUPLICATES: ProblemCode[] = ['pathwayExists', 'pathwayExistsElsewhere'];
const ROW_FAULTS: ProblemCode[] = [...DUPLICATES, 'validation', 'forbidden', 'notFound', 'unknownOrganisation', 'noRoute', 'pathwayClosed', 'invalidEvent'];

@Injectable()
export class ReleaseImportActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrar: Registrar,
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
      const pathway = await this.registrar.register(sender, row.registration as unknown as ReleaseRegistration, { id: key }, row.importId);
      await rows.update(where, { result: 'created', pathwayId: pathway.id });
      await this.audit.record({ user: sender, action: 'pathway.register', pathwayId: pathway.id, target, status: 201 });
    } catch (err) {
      if (!isDomainError(err, ...ROW_FAULTS)) throw err;
      const duplicate = DUPLICATES.includes(err.code);
      const existing = typeof err.extensions?.pathwayId === 'string' ? err.extensions.pathwayId : null;
      await rows.update(where, {
        result: duplicate ? 'duplicate' : 'invalid',
        pathwayId: duplicate ? existing : null,
        errors: duplicate ? null : rowErrors(err),
        detail: err.message,
      });
      // The trail records each row as the answer a single registration would have had.
      await this.audit.record({ user: sender, action: 'pathway.register', pathwayId: existing ?? undefined, target, status: PROBLEMS[err.code].status });
    }
  }
}

/**
 * A row the registration refused: its field errors, or, for a refusal of the whole registration
 * (no service for the area, a rule of the pathway), one error on `(registration)` whose code is
 * the problem's type, so a client can say it in its own words as it does for a single one.
 */
function rowErrors(err: DomainError): ReleaseImportRowEntity['errors'] {
  const errors = err.extensions?.errors as ReleaseImportRowEntity['errors'] | undefined;
  if (errors && errors.length > 0) return errors;
  return [{ field: '(registration)', code: PROBLEMS[err.code].type, messages: [err.message] }];
}
