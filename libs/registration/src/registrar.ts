/**
 * Registering a release: the one way a pathway begins, whether one release is sent to
 * `POST /v1/releases` (the API) or a list's rows are registered by the import activities (the
 * worker). The registration record (the person and where their care goes) is written here,
 * before the workflow starts, because personal data must never travel through Temporal;
 * everything after is written by the workflow's activities.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { requireRole, whereVisibleTo } from '@throughcare/access';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import type { Policy, ReleaseDateType } from '@throughcare/domain';
import { areaPolicy, PathwayEntity, PathwayPersonEntity, PersonEntity, policyVersion } from '@throughcare/persistence';
import { DomainError, notFound } from '@throughcare/problem';
import { pathwayInputOf, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { derivedId } from './derived-id';
import { PathwayWorkflowClient } from './pathway-workflow.client';
import { route, RoutingRequest } from './routing';

/** What a prison registers about one release (the API's RegisterReleaseDto validates it). */
export interface ReleaseRegistration extends RoutingRequest {
  prisonNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string;
  releaseDate: string;
  releaseDateType: ReleaseDateType;
  treatment: { substances: string[]; onOst: boolean; consentToShare: boolean };
}

const UNIQUE_VIOLATION = '23505';

/** A policy at the version a pathway keeps; 404 if there is no such version. */
export async function keptPolicy(dataSource: DataSource, id: string, version: number): Promise<Policy> {
  const stored = await policyVersion(dataSource, id, version);
  if (!stored) throw notFound(`Policy ${id} version ${version}`);
  return stored;
}

@Injectable()
export class Registrar {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: PathwayWorkflowClient,
    @Inject(Config) private readonly config: Config,
  ) {}

  /**
   * Registers the release and starts its pathway. `operation`: the caller's keyed request, from
   * which the pathway's id derives, so a retry joins the first request's pathway. `importId`:
   * registered as a row of that list (its first tasks then go to the daily digests).
   */
  async register(user: AuthenticatedUser, registration: ReleaseRegistration, operation?: { id: string }, importId?: string): Promise<PathwayEntity> {
    requireRole(user, ['prison-healthcare'], 'Only the prison healthcare team of that prison can register its releases', registration.prisonCode);
    const id = derivedId(operation, 'registration');
    // A retry of a registration whose row was written: the first request's pathway, joined.
    const existing = operation ? await this.dataSource.getRepository(PathwayEntity).findOneBy({ id }) : null;
    const policy = existing ? await keptPolicy(this.dataSource, existing.policyId, existing.policyVersion) : await areaPolicy(this.dataSource, registration.destinationArea);
    const pathway = existing ?? (await this.insertRegistration(user, registration, policy, id, importId));
    await this.startWorkflow(pathway, policy);
    return pathway;
  }

  /**
   * Starts the pathway's workflow from its registration record, or finds it started: the
   * workflow id is the pathway's, so this is safe to repeat.
   */
  async startWorkflow(pathway: PathwayEntity, policy?: Policy): Promise<void> {
    const kept = policy ?? (await keptPolicy(this.dataSource, pathway.policyId, pathway.policyVersion));
    await this.workflows.start(pathwayInputOf(pathway, kept, this.config.PATHWAY_HISTORY_LIMIT));
  }

  private async insertRegistration(user: AuthenticatedUser, registration: ReleaseRegistration, policy: Policy, id: string, importId?: string): Promise<PathwayEntity> {
    const routing = await route(this.dataSource, registration);
    try {
      return await this.dataSource.transaction(async (tx) => {
        // The identity only: what this prison registers about the person belongs to this
        // pathway, and never rewrites what another pathway shows. The no-op update makes
        // RETURNING give the id whether the row was inserted or already there.
        const { raw } = await tx
          .createQueryBuilder()
          .insert()
          .into(PersonEntity)
          .values({ prisonNumber: registration.prisonNumber })
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
          destinationArea: registration.destinationArea,
          communityTreatmentCode: routing['community-treatment'],
          probationCode: routing.probation,
          commissionerCode: routing.commissioner,
          releaseDate: registration.releaseDate,
          releaseDateType: registration.releaseDateType,
          // T until the workflow applies the day-of-release rule and writes its own.
          releaseDay: registration.releaseDate,
          substances: registration.treatment.substances,
          onOst: registration.treatment.onOst,
          consentToShare: registration.treatment.consentToShare,
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
          prisonNumber: registration.prisonNumber,
          givenName: registration.givenName,
          familyName: registration.familyName,
          dateOfBirth: registration.dateOfBirth,
          nhsNumber: registration.nhsNumber ?? null,
        });
        return pathway;
      });
    } catch (err) {
      throw await this.conflictFor(err, user, registration, id);
    }
  }

  /**
   * Turns a lost race on a unique index into the answer the winner would have given. A person
   * with an open pathway elsewhere is named only to a caller who can see that pathway: anyone
   * else learns that it exists and whom to ask, not which pathway or where.
   */
  private async conflictFor(err: unknown, user: AuthenticatedUser, registration: ReleaseRegistration, id: string): Promise<unknown> {
    if (!(err instanceof QueryFailedError) || (err.driverError as { code?: string }).code !== UNIQUE_VIOLATION) return err;
    const constraint = (err.driverError as { constraint?: string }).constraint;
    const inProgress = new DomainError('requestInProgress', 'A registration with this Idempotency-Key is in progress; retry shortly');
    // The id is derived from the operation, so only a retry of this very registration can hold it.
    if (constraint === 'pathways_pkey') return inProgress;
    if (constraint === 'pathways_one_open_per_person') {
      const open = this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .innerJoin('p.person', 'person')
        .where(`person.prison_number = :prisonNumber AND p.status NOT IN ('closed', 'failed')`, { prisonNumber: registration.prisonNumber });
      const visible = await whereVisibleTo(open, 'p', user).getOne();
      // A retry that raced its own first request (same key) lost to itself, not to another registration.
      if (visible?.id === id) return inProgress;
      if (!visible) {
        return new DomainError('pathwayExistsElsewhere',
          'This person already has an open pathway, held by another organisation. Ask the prison holding it to transfer it to you ' +
            '(POST /v1/pathways/{id}/transfer, by that prison) instead of registering again.',
        );
      }
      return new DomainError('pathwayExists', `Pathway ${visible.id} is open for this person; change its release date instead of registering again`, {
        pathwayId: visible.id,
      });
    }
    return err;
  }
}
