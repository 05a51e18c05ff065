/** Organisations: who they are and the areas they serve (routing by area is @throughcare/registration's). */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganisationEntity } from '@throughcare/persistence';
import type { AuthenticatedUser } from '@throughcare/auth';
import { DomainError, notFound } from '@throughcare/problem';
import { requireAdmin } from '@throughcare/access';
import { CreateOrganisationDto, UpdateOrganisationDto } from './organisation.dto';

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
      throw new DomainError('organisationExists', `${dto.code} is already registered with other details`);
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
}
