/** Organisations and routing: a release's destination area decides who receives its tasks. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganisationEntity, OrganisationType } from '@throughcare/persistence';
import type { AuthenticatedUser } from '@throughcare/auth';
import { notFound, ProblemException } from '@throughcare/problem';
import { CreateOrganisationDto, UpdateOrganisationDto } from './organisation.dto';
import type { PathwayRouting } from '@throughcare/workflows/pathway';

export interface RoutingRequest {
  prisonCode: string;
  destinationArea: string;
  communityTreatmentCode?: string;
  probationCode?: string;
  commissionerCode?: string;
}

@Injectable()
export class OrganisationService {
  constructor(@InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>) {}

  /**
   * Admin only: a new organisation; its code is permanent. The code is the natural key, so a
   * retry of the same request returns the organisation; a different one under that code is a conflict.
   */
  async create(user: AuthenticatedUser, dto: CreateOrganisationDto): Promise<OrganisationEntity> {
    requireAdmin(user);
    await this.organisations.createQueryBuilder().insert().values(dto).orIgnore().execute();
    const stored = await this.organisations.findOneByOrFail({ code: dto.code });
    const same = stored.name === dto.name && stored.type === dto.type && [...stored.areas].sort().join() === [...dto.areas].sort().join();
    if (!same) {
      throw new ProblemException({ status: 409, type: 'organisation-exists', title: 'The organisation exists', detail: `${dto.code} is already registered with other details` });
    }
    return stored;
  }

  /** Admin only: name and areas; the type never changes, pathways already routed keep their organisations. */
  async update(user: AuthenticatedUser, code: string, dto: UpdateOrganisationDto): Promise<OrganisationEntity> {
    requireAdmin(user);
    const { affected } = await this.organisations.update({ code }, { name: dto.name, areas: dto.areas });
    if (!affected) throw notFound(`Organisation ${code}`);
    return this.organisations.findOneByOrFail({ code });
  }

  list(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { code: 'ASC' } });
  }

  async route(request: RoutingRequest): Promise<PathwayRouting> {
    const [prison, communityTreatment, probation, commissioner] = await Promise.all([
      this.named(request.prisonCode, 'prison', 'prisonCode'),
      this.pick('community-treatment', request.destinationArea, request.communityTreatmentCode, 'communityTreatmentCode'),
      this.pick('probation', request.destinationArea, request.probationCode, 'probationCode'),
      this.pick('commissioner', request.destinationArea, request.commissionerCode, 'commissionerCode'),
    ]);
    return { prison, 'community-treatment': communityTreatment, probation, commissioner };
  }

  private async pick(type: OrganisationType, area: string, named: string | undefined, field: string): Promise<string> {
    if (named) return this.named(named, type, field);
    // Several services may cover an area; the lowest code is a stable, explainable choice.
    const found = await this.organisations
      .createQueryBuilder('o')
      .where('o.type = :type AND :area = ANY(o.areas)', { type, area })
      .orderBy('o.code')
      .getOne();
    if (!found) {
      throw new ProblemException({
        status: 422,
        type: 'no-route',
        title: 'No organisation serves that area',
        detail: `No ${type} organisation serves area ${area}; name one in ${field}`,
        extensions: { field },
      });
    }
    return found.code;
  }

  private async named(code: string, type: OrganisationType, field: string): Promise<string> {
    const found = await this.organisations.findOneBy({ code });
    if (!found || found.type !== type) {
      throw new ProblemException({
        status: 422,
        type: 'unknown-organisation',
        title: 'Unknown organisation',
        detail: `${field} ${code} is not a known ${type} organisation`,
        extensions: { field },
      });
    }
    return found.code;
  }
}

function requireAdmin(user: AuthenticatedUser): void {
  if (!user.roles.includes('admin')) {
    throw new ProblemException({ status: 403, type: 'forbidden', title: 'Not allowed', detail: 'Only an administrator can change organisations' });
  }
}
