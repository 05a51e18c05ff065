import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { IdempotentOperation } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { PathwayResponseDto } from './pathway.dto';
import { PathwayService } from './pathway.service';
import { RegisterReleaseDto } from './register-release.dto';

@ApiTags('releases')
@ApiBearerAuth()
@Controller('v1/releases')
export class ReleaseController {
  constructor(private readonly service: PathwayService) {}

  /** Registers an upcoming release and starts its pathway. */
  @Post()
  @HttpCode(201)
  @Audited('pathway.register', 'pathway-response')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: RegisterReleaseDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.service.register(user, dto, operation);
  }
}
