/**
 * Registration and reading of pathways. The registration record (the person and where
 * their care goes) is written here, before the workflow starts, because personal data must
 * never travel through Temporal; everything after is written by the workflow's activities.
 */
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@throughcare/audit';
import { Config } from '@throughcare/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser } from '@throughcare/auth';
import type { Policy } from '@throughcare/domain';
import { EscalationEntity, PathwayEntity, PathwayEventEntity, PathwayPersonEntity, PersonEntity, TaskEntity } from '@throughcare/persistence';
import { notFound, problem, PROBLEMS } from '@throughcare/problem';
import { pathwayInputOf, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { OrganisationService } from '../organisations/organisation.service';
import { PolicyService } from '../policies/policy.service';
import { forbidden, isAdmin, recordViewFor, requireRole, requireSender, SENDERS, whereVisibleTo } from '../access';
import { AuditEntryResponseDto, mapAuditEntry } from './audit-trail.dto';
import { decodeCursor, keysetPage } from '../common/cursor';
import { ListPathwaysQueryDto } from './list-pathways.dto';
import { mapPathway, mapPathwaySummary, PathwayPageDto, PathwayResponseDto } from './pathway.dto';
import { PathwayWorkflowClient } from './pathway-workflow.client';
import { CorrectPersonDto } from './correct-person.dto';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { derivedId } from '../common/idempotency/derived-id';
import { RegisterReleaseDto } from './register-release.dto';
import { hmppsFacts, withHmppsFacts } from '../intake/hmpps-timeline';
import { likeLiteral, personSearchOf } from './person-search';
import { releasePlan } from './release-plan';
import type { ReleasePlanDto } from './release-plan.dto';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class PathwayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationService,
    private readonly workflows: PathwayWorkflowClient,
    private readonly policies: PolicyService,
    @Inject(Config) private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** `importId`: registered as a row of that list (its first tasks then go to the daily digests). */
  async register(user: AuthenticatedUser, dto: RegisterReleaseDto, operation?: Operation, importId?: string): Promise<PathwayResponseDto> {
    requireRole(user, ['prison-healthcare'], 'Only the prison healthcare team of that prison can register its releases', dto.prisonCode);
    const id = derivedId(operation, 'registration');
    // A retry of a registration whose row was written: the first request's pathway, joined.
    const existing = operation ? await this.dataSource.getRepository(PathwayEntity).findOneBy({ id }) : null;
    const policy = existing
      ? await this.policies.version(existing.policyId, existing.policyVersion)
      : await this.policies.forArea(dto.destinationArea);
    const pathway = existing ?? (await this.insertRegistration(user, dto, policy, id, importId));
    await this.startWorkflow(pathway, policy);
    return this.get(user, pathway.id);
  }

  /**
   * Starts the pathway's workflow from its registration record, or finds it started: the
   * workflow id is the pathway's, so this is safe to repeat.
   */
  async startWorkflow(pathway: PathwayEntity, policy?: Policy): Promise<void> {
    const kept = policy ?? (await this.policies.version(pathway.policyId, pathway.policyVersion));
    await this.workflows.start(pathwayInputOf(pathway, kept, this.config.PATHWAY_HISTORY_LIMIT));
  }

  /** The caller's pathways, soonest release first, minimised per pathway to the caller's need. */
  async list(user: AuthenticatedUser, query: ListPathwaysQueryDto): Promise<PathwayPageDto> {
    const releaseDay = 'p.release_day';
    const q = this.dataSource
      .getRepository(PathwayEntity)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.person', 'person')
      .orderBy(releaseDay, 'ASC')
      .addOrderBy('p.id', 'ASC')
      // limit, not take: the person join is many-to-one, so rows are not multiplied.
      .limit(query.limit + 1);
    whereVisibleTo(q, 'p', user);
    if (query.status) q.andWhere('p.status = :status', { status: query.status });
    if (query.outcome) q.andWhere('p.outcome = :outcome', { outcome: query.outcome });
    if (query.prison) q.andWhere('p.prison_code = :prison', { prison: query.prison });
    if (query.area) q.andWhere('p.destination_area = :area', { area: query.area });
    if (query.releaseFrom) q.andWhere(`${releaseDay} >= :from`, { from: query.releaseFrom });
    if (query.releaseTo) q.andWhere(`${releaseDay} <= :to`, { to: query.releaseTo });
    if (query.q) whereFound(q, query.q);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      q.andWhere(`(${releaseDay}, p.id) > (:at::date, :id)`, { at: after.at, id: after.id });
    }
    const rows = await q.getMany();
    return keysetPage(rows, query.limit, (p) => ({ at: p.releaseDay, id: p.id }), (p) => mapPathwaySummary(p, recordViewFor(user, p)));
  }

  async get(user: AuthenticatedUser, id: string): Promise<PathwayResponseDto> {
    const pathway = await this.findVisible(user, id);
    const [tasks, escalations, events] = await Promise.all([
      this.dataSource.getRepository(TaskEntity).find({ where: { pathwayId: id }, order: { dueAt: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(EscalationEntity).find({ where: { pathwayId: id }, order: { raisedAt: 'ASC', key: 'ASC' } }),
      this.dataSource.getRepository(PathwayEventEntity).find({ where: { pathwayId: id }, order: { seq: 'ASC' } }),
    ]);
    const facts = await hmppsFacts(this.dataSource, id, pathway.releasedOn);
    return withHmppsFacts(mapPathway({ pathway, tasks, escalations, events }, recordViewFor(user, pathway)), facts);
  }

  /** The plan the person takes with them on release day: its healthcare teams only. */
  async plan(user: AuthenticatedUser, id: string): Promise<ReleasePlanDto> {
    return releasePlan(this.dataSource.manager, user, await this.findVisible(user, id));
  }

  /** The pathway with its person, if the caller may see it; else 404. */
  async findVisible(user: AuthenticatedUser, id: string): Promise<PathwayEntity> {
    const q = this.dataSource.getRepository(PathwayEntity).createQueryBuilder('p').innerJoinAndSelect('p.person', 'person').where('p.id = :id', { id });
    const pathway = await whereVisibleTo(q, 'p', user).getOne();
    if (!pathway) throw notFound(`Pathway ${id}`);
    return pathway;
  }

  /**
   * Corrects the person as registered on this pathway, and only here: an explicit change by
   * the healthcare team of the prison holding them, audited like every other change.
   */
  async correctPerson(user: AuthenticatedUser, id: string, dto: CorrectPersonDto): Promise<PathwayResponseDto> {
    const pathway = await this.findVisible(user, id);
    requireSender(user, pathway, SENDERS.correctPerson, 'Only the healthcare team of the prison holding the person can correct their details');
    await this.dataSource.getRepository(PathwayPersonEntity).update(
      { pathwayId: id },
      { givenName: dto.givenName, familyName: dto.familyName, dateOfBirth: dto.dateOfBirth, nhsNumber: dto.nhsNumber ?? null, correctedAt: new Date(), correctedBy: user.sub },
    );
    return this.get(user, id);
  }

  /** Who did and saw what on this pathway: for an admin, or the commissioner of its area. */
  async auditTrail(user: AuthenticatedUser, id: string): Promise<AuditEntryResponseDto[]> {
    if (!isAdmin(user)) {
      const pathway = await this.findVisible(user, id);
      if (recordViewFor(user, pathway) !== 'commissioner') throw forbidden('Only an administrator or the commissioner can read the audit trail');
    } else if (!(await this.dataSource.getRepository(PathwayEntity).existsBy({ id }))) {
      throw notFound(`Pathway ${id}`);
    }
    return (await this.audit.trailOf(id)).map(mapAuditEntry);
  }

  private async insertRegistration(user: AuthenticatedUser, dto: RegisterReleaseDto, policy: Policy, id: string, importId?: string): Promise<PathwayEntity> {
    const routing = await this.organisations.route(dto);
    try {
      return await this.dataSource.transaction(async (tx) => {
        // The identity only: what this prison registers about the person belongs to this
        // pathway, and never rewrites what another pathway shows. The no-op update makes
        // RETURNING give the id whether the row was inserted or already there.
        const { raw } = await tx
          .createQueryBuilder()
          .insert()
          .into(PersonEntity)
          .values({ prisonNumber: dto.prisonNumber })
          .orUpdate(['prison_number'], ['prison_number'])
          .returning(['id'])
          .execute();
        const pathway = tx.getRepository(PathwayEntity).create({
          id,
          personId: (raw as Array<{ id: string }>)[0].id,
          status: 'registering',
          workflowId: pathwayWorkflowId(id),
          prisonCode: routing.prison,
          registeringPrisonCode: routing.prison,
          destinationArea: dto.destinationArea,
          communityTreatmentCode: routing['community-treatment'],
          probationCode: routing.probation,
          commissionerCode: routing.commissioner,
          releaseDate: dto.releaseDate,
          releaseDateType: dto.releaseDateType,
          // T until the workflow applies the day-of-release rule and writes its own.
          releaseDay: dto.releaseDate,
          substances: dto.treatment.substances,
          onOst: dto.treatment.onOst,
          consentToShare: dto.treatment.consentToShare,
          policyId: policy.id,
          policyVersion: policy.version,
          registeredBy: user.sub,
          registeredAt: new Date(),
          importId: importId ?? null,
        });
        // insert, not save: the id is new, so there is nothing to load first.
        await tx.getRepository(PathwayEntity).insert(pathway);
        await tx.getRepository(PathwayPersonEntity).insert({
          pathwayId: id,
          prisonNumber: dto.prisonNumber,
          givenName: dto.givenName,
          familyName: dto.familyName,
          dateOfBirth: dto.dateOfBirth,
          nhsNumber: dto.nhsNumber ?? null,
        });
        return pathway;
      });
    } catch (err) {
      throw await this.conflictFor(err, user, dto, id);
    }
  }

  /**
   * Turns a lost race on a unique index into the answer the winner would have given. A person
   * with an open pathway elsewhere is named only to a caller who can see that pathway: anyone
   * else learns that it exists and whom to ask, not which pathway or where.
   */
  private async conflictFor(err: unknown, user: AuthenticatedUser, dto: RegisterReleaseDto, id: string): Promise<unknown> {
    if (!(err instanceof QueryFailedError) || (err.driverError as { code?: string }).code !== UNIQUE_VIOLATION) return err;
    const constraint = (err.driverError as { constraint?: string }).constraint;
    const inProgress = problem(PROBLEMS.requestInProgress, 'A registration with this Idempotency-Key is in progress; retry shortly');
    // The id is derived from the operation, so only a retry of this very registration can hold it.
    if (constraint === 'pathways_pkey') return inProgress;
    if (constraint === 'pathways_one_open_per_person') {
      const open = this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .innerJoin('p.person', 'person')
        .where(`person.prison_number = :prisonNumber AND p.status NOT IN ('closed', 'failed')`, { prisonNumber: dto.prisonNumber });
      const visible = await whereVisibleTo(open, 'p', user).getOne();
      // A retry that raced its own first request (same key) lost to itself, not to another registration.
      if (visible?.id === id) return inProgress;
      if (!visible) {
        return problem(
          PROBLEMS.pathwayExistsElsewhere,
          'This person already has an open pathway, held by another organisation. Ask the prison holding it to transfer it to you ' +
            '(POST /v1/pathways/{id}/transfer, by that prison) instead of registering again.',
        );
      }
      return problem(PROBLEMS.pathwayExists, `Pathway ${visible.id} is open for this person; change its release date instead of registering again`, {
        pathwayId: visible.id,
      });
    }
    return err;
  }
}

/**
 * The person search (person-search.ts), as bound parameters: exact on prison number, NHS
 * number and date of birth; for a name, every word within the folded (unaccented, lower-case)
 * name, which the trigram index on `throughcare_folded(given_name || ' ' || family_name)` serves.
 */
function whereFound(q: SelectQueryBuilder<PathwayEntity>, text: string): void {
  const search = personSearchOf(text);
  switch (search?.kind) {
    case 'prison-number':
      q.andWhere('person.prison_number = :prisonNumber', { prisonNumber: search.prisonNumber });
      break;
    case 'nhs-number':
      q.andWhere('person.nhs_number = :nhsNumber', { nhsNumber: search.nhsNumber });
      break;
    case 'date-of-birth':
      q.andWhere('person.date_of_birth = :dateOfBirth', { dateOfBirth: search.dateOfBirth });
      break;
    case 'name':
      search.words.forEach((word, i) =>
        q.andWhere(`throughcare_folded(person.given_name || ' ' || person.family_name) LIKE '%' || throughcare_folded(:word${i}) || '%'`, { [`word${i}`]: likeLiteral(word) }),
      );
      break;
    default:
      q.andWhere('false');
  }
}
