import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { EscalationPageDto, ListEscalationsQueryDto } from './escalation.dto';
import { EscalationService } from './escalation.service';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('v1/escalations')
export class EscalationController {
  constructor(private readonly service: EscalationService) {}

  /** Open and past escalations on the caller's pathways. */
  @Get()
  @Audited('escalation.list', 'escalation-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListEscalationsQueryDto): Promise<EscalationPageDto> {
    return this.service.list(user, query);
  }
}
