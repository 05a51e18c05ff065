import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { FlaggedPathwayPageDto, ListFaultsQueryDto } from './fault.dto';
import { FaultService } from './fault.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/faults')
export class FaultController {
  constructor(private readonly service: FaultService) {}

  /** Pathways an operator must look at (admin): failed ones, and those whose read model misses writes PostgreSQL refused. Most recently flagged first. */
  @Get()
  @Audited('fault.list', 'pathway-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListFaultsQueryDto): Promise<FlaggedPathwayPageDto> {
    return this.service.list(user, query);
  }
}
