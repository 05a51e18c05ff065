import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { PathwayResponseDto } from './pathway.dto';
import { PathwayService } from './pathway.service';

@ApiTags('pathways')
@ApiBearerAuth()
@Controller('v1/pathways')
export class PathwayController {
  constructor(private readonly service: PathwayService) {}

  /** A pathway: the person, dates and tasks. */
  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PathwayResponseDto> {
    return this.service.get(user, id);
  }
}
