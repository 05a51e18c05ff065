import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { ContactsResponseDto, PutContactsDto, RotatedSecretResponseDto } from './contacts.dto';
import { ContactsService } from './contacts.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations/:code')
export class ContactsController {
  constructor(private readonly service: ContactsService) {}

  /** Where the organisation is told things: mailboxes and webhooks (never their secrets). Admins, or the organisation itself. */
  @Get('contacts')
  get(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string): Promise<ContactsResponseDto> {
    return this.service.get(user, code);
  }

  /** Replaces the organisation's contacts. A webhook URL new to the list gets a secret, shown in this answer only. Admin only. */
  @Put('contacts')
  @Audited('organisation.contacts.update', 'organisation')
  put(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string, @Body() dto: PutContactsDto): Promise<ContactsResponseDto> {
    return this.service.put(user, code, dto);
  }

  /** A new secret for a webhook, shown in this answer only; the old one still signs for WEBHOOK_SECRET_OVERLAP_HOURS. Admin only. */
  @Post('webhooks/:id/rotate-secret')
  @HttpCode(200)
  @Audited('organisation.webhook.rotate-secret', 'organisation')
  rotateSecret(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<RotatedSecretResponseDto> {
    return this.service.rotateSecret(user, code, id);
  }
}
