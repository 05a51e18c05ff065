/** Organisations and routing: a release's destination area decides who receives its tasks. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganisationEntity, OrganisationType } from '@throughcare/persistence';
import type { AuthenticatedUser } from '@throughcare/auth';
import { notFound, problem, PROBLEMS } from '@throughcare/problem';
import { requireAdmin } from '../access';
import { CreateOrganisationDto, UpdateOrganisationDto } from './organisation.dto';
import type { PathwayRouting } from '@throughcare/workflows/pathway';

export interface RoutingRequest {
  prisonCode: string;
  destinationArea: string;
  communityTreatmentCode?: string;
  probationCode?: string;
  commissionerCode?: string;
}

const ONLY_ADMIN = 'Only an administrator can change organisations';

@Injectable()
export class OrganisationService {
  constructor(@InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>) {}

  /**
   * Admin only: a new organisation; its code is permanent. The code is the natural key, so a
   * retry of the same request returns the organisation; a different one under that code is a conflict.
   */
  async create(user: AuthenticatedUser, dto: CreateOrganisationDto): Promise<OrganisationEntity> {
    requireAdmin(user, ONLY_ADMIN);
    await this.organisations.createQueryBuilder().insert().values(dto).orIgnore().execute();
    const stored = await this.organisations.findOneByOrFail({ code: dto.code });
    const same = stored.name === dto.name && stored.type === dto.type && [...stored.areas].sort().join() === [...dto.areas].sort().join();
    if (!same) {
      throw problem(PROBLEMS.organisationExists, `${dto.code} is already registered with other details`);
    }
    return stored;
  }

  /** Admin only: name and areas; the type never changes, pathways already routed keep their organisations. */
  async update(user: AuthenticatedUser, code: string, dto: UpdateOrganisationDto): Promise<OrganisationEntity> {
    requireAdmin(user, ONLY_ADMIN);
    const { affected } = await this.organisations.update({ code }, { name: dto.name, areas: dto.areas });
    if (!affected) throw notFound(`Organisation ${code}`);
    return this.organisations.findOneByOrFail({ code });
  }

  list(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { code: 'ASC' } });
  }

  /**
   * Who receives the release's tasks: the organisations named, else those serving the
   * destination area (the lowest code when several do: a stable, explainable choice).
   * One query for all four, since every registration routes.
   */
  async route(request: RoutingRequest): Promise<PathwayRouting> {
    const named = [request.prisonCode, request.communityTreatmentCode, request.probationCode, request.commissionerCode].filter(
      (code): code is string => code !== undefined,
    );
    const candidates = await this.organisations
      .createQueryBuilder('o')
      .where('o.code IN (:...named)', { named })
      .orWhere("o.type <> 'prison' AND :area = ANY(o.areas)", { area: request.destinationArea })
      .orderBy('o.code')
      .getMany();
    const choose = (type: OrganisationType, code: string | undefined, field: string) =>
      chooseOrganisation(candidates, { type, area: request.destinationArea, code, field });
    return {
      prison: choose('prison', request.prisonCode, 'prisonCode'),
      'community-treatment': choose('community-treatment', request.communityTreatmentCode, 'communityTreatmentCode'),
      probation: choose('probation', request.probationCode, 'probationCode'),
      commissioner: choose('commissioner', request.commissionerCode, 'commissionerCode'),
    };
  }
}

/** The organisation named, if it is one of that type; else the first of that type serving the area. */
function chooseOrganisation(
  candidates: OrganisationEntity[],
  wanted: { type: OrganisationType; area: string; code?: string; field: string },
): string {
  const { type, area, code, field } = wanted;
  if (code) {
    if (candidates.some((o) => o.code === code && o.type === type)) return code;
    throw problem(PROBLEMS.unknownOrganisation, `${field} ${code} is not a known ${type} organisation`, { field });
  }
  const serving = candidates.find((o) => o.type === type && o.areas.includes(area));
  if (serving) return serving.code;
  throw problem(PROBLEMS.noRoute, `No ${type} organisation serves area ${area}; name one in ${field}`, { field });
}
