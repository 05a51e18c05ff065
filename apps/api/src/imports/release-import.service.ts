/**
 * Lists of releases: accepted at once (each row judged as a single registration is, so a bad
 * row is answered at once and never holds back the good ones), then registered in the
 * background by the import workflow, and followed on the import's page.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { OrganisationEntity, ReleaseImportEntity, ReleaseImportRowEntity } from '@throughcare/persistence';
import { notFound } from '@throughcare/problem';
import type { Client } from '@temporalio/client';
import { TemporalClientService } from '@throughcare/temporal';
import { releaseImportStart } from '@throughcare/workflows/imports';
import { forbidden, isAdmin, requireRole } from '@throughcare/access';
import { derivedId, serviceUnavailable } from '@throughcare/registration';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { judgeRow } from './import-row-validation';
import { decodeCursor, keysetPage } from '../common/cursor';
import { ImportCountsDto, ImportPageDto, ListImportsQueryDto, mapImport, ReleaseImportResponseDto } from './release-import.dto';

@Injectable()
export class ReleaseImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  async create(user: AuthenticatedUser, rows: unknown[], operation?: Operation): Promise<ReleaseImportResponseDto> {
    requireRole(user, ['prison-healthcare'], 'Only a prison healthcare team can send its list of releases');
    // The import is stored under the caller's organisation (a foreign key): a validly signed
    // token for an organisation Throughcare does not know failed that insert with a 500
    // (found by the generated bad-input suite). It is refused as the single registration is.
    if (!(await this.dataSource.getRepository(OrganisationEntity).existsBy({ code: user.org, type: 'prison' }))) {
      throw forbidden(`${user.org} is not a prison known to Throughcare; only a prison can send its list of releases`);
    }
    const id = derivedId(operation, 'import');
    // A retry of an import already accepted: the same import, its workflow started if it was not.
    if (!(await this.dataSource.getRepository(ReleaseImportEntity).existsBy({ id }))) await this.accept(user, id, rows);
    await this.startWorkflow(id);
    return this.view(user, id, false);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ReleaseImportResponseDto> {
    return this.view(user, id, true);
  }

  /**
   * The imports the caller may follow, newest first: its own prison's (its healthcare team), or
   * every prison's (admins); anyone else has none to see.
   */
  async list(user: AuthenticatedUser, query: ListImportsQueryDto): Promise<ImportPageDto> {
    const ownPrison = user.roles.includes('prison-healthcare');
    if (!isAdmin(user) && !ownPrison) return { items: [], nextCursor: null };
    const q = this.dataSource
      .getRepository(ReleaseImportEntity)
      .createQueryBuilder('i')
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit + 1);
    if (!isAdmin(user)) q.where('i.org_code = :org', { org: user.org });
    if (query.cursor) q.andWhere('(i.created_at, i.id) < (:at, :id)', decodeCursor(query.cursor));
    const imports = await q.getMany();
    const counts = await this.counts(imports.map((i) => i.id));
    return keysetPage(
      imports,
      query.limit,
      (i) => ({ at: i.createdAt.toISOString(), id: i.id }),
      (i) => ({ ...mapImport(i, counts.get(i.id)!), sentBy: i.createdByName, prisonCode: i.orgCode }),
    );
  }

  /** Each import's rows by result. */
  private async counts(ids: string[]): Promise<Map<string, ImportCountsDto>> {
    const counts = new Map(ids.map((id): [string, ImportCountsDto] => [id, { created: 0, duplicate: 0, invalid: 0, pending: 0 }]));
    if (ids.length === 0) return counts;
    const counted: Array<{ import_id: string; result: keyof ImportCountsDto; n: number }> = await this.dataSource.query(
      `SELECT import_id, result, count(*)::int AS n FROM release_import_rows WHERE import_id = ANY($1) GROUP BY import_id, result`,
      [ids],
    );
    for (const { import_id, result, n } of counted) counts.get(import_id)![result] = n;
    return counts;
  }

  /** Judges every row and stores the import with each row's verdict, in one transaction. */
  private async accept(user: AuthenticatedUser, id: string, rows: unknown[]): Promise<void> {
    const firstRowOf = new Map<string, number>();
    const judged = await Promise.all(rows.map((row) => judgeRow(row, user.org)));
    const records = judged.map((verdict, i): QueryDeepPartialEntity<ReleaseImportRowEntity> => {
      const rowNumber = i + 1;
      if (!('valid' in verdict)) return { importId: id, rowNumber, result: 'invalid', errors: verdict.errors, detail: verdict.detail };
      const first = firstRowOf.get(verdict.valid.prisonNumber);
      if (first !== undefined) return { importId: id, rowNumber, result: 'duplicate', detail: `The same person as row ${first}` };
      firstRowOf.set(verdict.valid.prisonNumber, rowNumber);
      return { importId: id, rowNumber, result: 'pending', registration: JSON.parse(JSON.stringify(verdict.valid)) as QueryDeepPartialEntity<Record<string, unknown>> };
    });
    await this.dataSource.transaction(async (tx) => {
      // ON CONFLICT: a retry racing its first request stores nothing twice.
      const { identifiers } = await tx
        .createQueryBuilder()
        .insert()
        .into(ReleaseImportEntity)
        .values({ id, orgCode: user.org, createdBy: user.sub, createdByName: user.name, total: rows.length, state: 'processing' })
        .orIgnore()
        .execute();
      if (identifiers.length === 0 || identifiers[0] === undefined) return;
      for (let i = 0; i < records.length; i += 1000) await tx.getRepository(ReleaseImportRowEntity).insert(records.slice(i, i + 1000));
    });
  }

  /**
   * Starts the import's workflow, or finds it started: its id is the import's. The worker's
   * stalled-import sweep starts, as this does, an import whose first start failed and was never retried.
   */
  async startWorkflow(id: string): Promise<void> {
    const pending = await this.dataSource.getRepository(ReleaseImportRowEntity).find({ select: { rowNumber: true }, where: { importId: id, result: 'pending' }, order: { rowNumber: 'ASC' } });
    try {
      const client = await this.temporal.client();
      await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () => this.start(client, id, pending.map((r) => r.rowNumber)));
    } catch (err) {
      throw serviceUnavailable(err) ?? err;
    }
  }

  private async start(client: Client, id: string, rows: number[]): Promise<void> {
    const { workflowId, input } = releaseImportStart(id, rows, this.config);
    await client.workflow.start('releaseImportWorkflow', { workflowId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
  }

  /** The import, to the prison that sent it and to admins; anyone else learns nothing of it. */
  private async view(user: AuthenticatedUser, id: string, withRows: boolean): Promise<ReleaseImportResponseDto> {
    const found = await this.dataSource.getRepository(ReleaseImportEntity).findOneBy({ id });
    if (!found || (!isAdmin(user) && !(found.orgCode === user.org && user.roles.includes('prison-healthcare')))) throw notFound(`Import ${id}`);
    const counts = (await this.counts([id])).get(id)!;
    const rows = withRows
      ? await this.dataSource.getRepository(ReleaseImportRowEntity).find({
          select: { rowNumber: true, result: true, pathwayId: true, errors: true, detail: true },
          where: { importId: id },
          order: { rowNumber: 'ASC' },
        })
      : undefined;
    return mapImport(found, counts, rows);
  }
}
