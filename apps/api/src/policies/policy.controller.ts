import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { IdempotentOperation } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { ParseAreaCodePipe } from '../common/validators';
import { AreaPolicyResponseDto, CreatePolicyDto, PolicyResponseDto, SetAreaPolicyDto } from './policy.dto';
import { PolicyService } from './policy.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1')
export class PolicyController {
  constructor(private readonly service: PolicyService) {}

  /** Every policy version, the built-in default first. */
  @Get('policies')
  list(): Promise<PolicyResponseDto[]> {
    return this.service.list();
  }

  /** Creates a policy, or the next version of one. Admin only. */
  @Post('policies')
  @Audited('policy.create', 'policy')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreatePolicyDto, @IdempotentOperation() operation?: Operation): Promise<PolicyResponseDto> {
    return this.service.create(user, dto, operation);
  }

  /** Chooses the policy new pathways in an area start with. Admin only. */
  @Put('areas/:area/policy')
  @Audited('area.set-policy', 'area')
  setForArea(
    @CurrentUser() user: AuthenticatedUser,
    @Param('area', ParseAreaCodePipe) area: string,
    @Body() dto: SetAreaPolicyDto,
  ): Promise<AreaPolicyResponseDto> {
    return this.service.setForArea(user, area, dto.policyId);
  }
}
