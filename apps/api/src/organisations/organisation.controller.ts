import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { mapOrganisation, OrganisationResponseDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations')
export class OrganisationController {
  constructor(private readonly service: OrganisationService) {}

  /** Organisations with their code, type and the areas they serve. */
  @Get()
  async list(): Promise<OrganisationResponseDto[]> {
    return (await this.service.list()).map(mapOrganisation);
  }
}
