import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { ProfileResponseDto, PutProfileDto } from './profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations/:code/profile')
export class ProfileController {
  constructor(private readonly service: ProfileService) {}

  /** The organisation's public profile: the name people know it by, its address, phone, opening hours, what to bring and its sites. Anyone signed in. */
  @Get()
  get(@Param('code') code: string): Promise<ProfileResponseDto> {
    return this.service.get(code);
  }

  /** Sets the public profile (the whole of it). An admin, or the organisation's own `organisation-admin`. */
  @Put()
  @Audited('organisation.profile.update', 'organisation')
  put(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string, @Body() dto: PutProfileDto): Promise<ProfileResponseDto> {
    return this.service.put(user, code, dto);
  }
}
