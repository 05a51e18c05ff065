import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { IntakeEventsDto, IntakeEventsQueryDto } from './intake-events.dto';
import { IntakeEventsService } from './intake-events.service';
import { ListReviewsQueryDto, ResolveReviewDto, ReviewItemDto, ReviewPageDto } from './intake-review.dto';
import { IntakeReviewService } from './intake-review.service';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('v1/intake')
export class IntakeController {
  constructor(
    private readonly reviews: IntakeReviewService,
    private readonly intakeEvents: IntakeEventsService,
  ) {}

  /** Movements HMPPS reported for a person to decide: the caller's prison's, open ones oldest first. */
  @Get('reviews')
  @Audited('intake.review-list', 'intake-review-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListReviewsQueryDto): Promise<ReviewPageDto> {
    return this.reviews.list(user, query);
  }

  /** One movement to review. */
  @Get('reviews/:id')
  @Audited('intake.review-read', 'intake-review')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReviewItemDto> {
    return this.reviews.get(user, id);
  }

  /** Decides a movement: record the release, return to custody, cancel, or dismiss. The same decision again answers the first. */
  @Post('reviews/:id/resolve')
  @Audited('intake.review-resolve', 'intake-review')
  @HttpCode(200)
  resolve(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ResolveReviewDto): Promise<ReviewItemDto> {
    return this.reviews.resolve(user, id, dto);
  }

  /** HMPPS events taken in (admin): counts by type and outcome, and the messages put aside. */
  @Get('events')
  @Audited('intake.events', 'intake-events')
  events(@CurrentUser() user: AuthenticatedUser, @Query() query: IntakeEventsQueryDto): Promise<IntakeEventsDto> {
    return this.intakeEvents.overview(user, query);
  }
}
