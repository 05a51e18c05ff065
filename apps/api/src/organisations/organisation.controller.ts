import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { CreateOrganisationDto, mapOrganisation, OrganisationResponseDto, UpdateOrganisationDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations')
export class OrganisationController {
  constructor(private readonly service: OrganisationService) {}

  /** Organisations with their code, type and the areas they serve, and whether the caller may set each one's public profile. */
  @Get()
  async list(@CurrentUser() user: AuthenticatedUser): Promise<OrganisationResponseDto[]> {
    return (await this.service.list()).map((o) => mapOrganisation(o, user));
  }

  /** Registers an organisation. Admin only. */
  @Post()
  @Audited('organisation.create', 'organisation')
  async create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateOrganisationDto): Promise<OrganisationResponseDto> {
    return mapOrganisation(await this.service.create(user, dto), user);
  }

  /** Renames an organisation or changes the areas it serves. Admin only. */
  @Put(':code')
  @Audited('organisation.update', 'organisation')
  async update(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationResponseDto> {
    return mapOrganisation(await this.service.update(user, code, dto), user);
  }
}
