import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { ListNotificationsQueryDto, MarkNotificationsReadDto, NotificationListDto, NotificationPageDto, NotificationResponseDto } from './notification.dto';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationController {
  constructor(private readonly service: NotificationService) {}

  /** The inbox: what my organisation was told, newest first; unread only unless `state=all`. */
  @Get()
  @Audited('notification.list', 'notification-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.service.list(user, query);
  }

  /** Marks several messages read at once (up to 100), for everyone in my organisation: those of `ids` in my inbox, newest first. */
  @Post('read')
  @HttpCode(200)
  @Audited('notification.read', 'notification-list')
  markAllRead(@CurrentUser() user: AuthenticatedUser, @Body() body: MarkNotificationsReadDto): Promise<NotificationListDto> {
    return this.service.markAllRead(user, body.ids);
  }

  /** Marks a message read, for everyone in my organisation. */
  @Post(':id/read')
  @HttpCode(200)
  @Audited('notification.read', 'notification')
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationResponseDto> {
    return this.service.markRead(user, id);
  }
}
