import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { DeliveryPageDto, DeliveryResponseDto, ListDeliveriesQueryDto } from './delivery.dto';
import { DeliveryService } from './delivery.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1')
export class DeliveryController {
  constructor(private readonly service: DeliveryService) {}

  /** Deliveries of messages by webhook and e-mail, newest first; `state=failed` for those that need an operator. Admin only. */
  @Get('deliveries')
  @Audited('delivery.list', 'notification-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.service.list(user, query);
  }

  /** Sends a failed delivery again, with the same delivery id (receivers de-duplicate on it). Admin only. */
  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @Audited('delivery.retry', 'notification')
  retry(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryResponseDto> {
    return this.service.retry(user, id);
  }

  /** How each message about the pathway was delivered, per channel: for its healthcare teams and admins. */
  @Get('pathways/:id/deliveries')
  @Audited('pathway.deliveries', 'pathway-param')
  ofPathway(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<DeliveryResponseDto[]> {
    return this.service.ofPathway(user, id);
  }
}
