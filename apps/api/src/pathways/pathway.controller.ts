import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { IdempotentOperation, Unkeyed } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { CorrectPersonDto } from './correct-person.dto';
import { CancelPathwayDto, ChangeReleaseDateDto, RecordReleaseDto, ReturnToCustodyDto, TransferDto } from './pathway-event.dto';
import { PathwayEventService } from './pathway-event.service';
import { AuditEntryResponseDto } from './audit-trail.dto';
import { ListPathwaysQueryDto } from './list-pathways.dto';
import { PathwayPageDto, PathwayResponseDto } from './pathway.dto';
import { PathwayService } from './pathway.service';
import { ReleasePlanDto } from './release-plan.dto';
import { PathwayContactDto, PutContactDto } from './contact.dto';
import { ContactService } from './contact.service';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' };

@ApiTags('pathways')
@ApiBearerAuth()
@Controller('v1/pathways')
export class PathwayController {
  constructor(
    private readonly service: PathwayService,
    private readonly events: PathwayEventService,
    private readonly contacts: ContactService,
  ) {}

  /** The caller's pathways: filters by status, prison, area and release window; cursor pagination. */
  @Get()
  @Audited('pathway.list', 'pathway-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListPathwaysQueryDto): Promise<PathwayPageDto> {
    return this.service.list(user, query);
  }

  /** A pathway: the person, dates, tasks, escalations and timeline. */
  @Get(':id')
  @Audited('pathway.read', 'pathway-param')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PathwayResponseDto> {
    return this.service.get(user, id);
  }

  /**
   * The plan the person takes with them on release day: the first appointment (when, where,
   * the service's phone, what to bring), the OST bridge's pharmacy, naloxone, the probation
   * office and whom to phone. The pathway's prison healthcare team and community treatment service only.
   */
  @Get(':id/plan')
  @Audited('pathway.plan-read', 'pathway-param')
  plan(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReleasePlanDto> {
    return this.service.plan(user, id);
  }

  /** Who did and saw what on this pathway. Admins and the pathway's commissioner. */
  @Get(':id/audit')
  @Audited('pathway.audit-read', 'pathway-param')
  auditTrail(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEntryResponseDto[]> {
    return this.service.auditTrail(user, id);
  }

  /** Corrects the person's details as registered on this pathway (healthcare of the holding prison). */
  @Put(':id/person')
  @Audited('pathway.person-corrected', 'pathway-param')
  correctPerson(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CorrectPersonDto): Promise<PathwayResponseDto> {
    return this.service.correctPerson(user, id, dto);
  }

  /**
   * Records the person's UK mobile number and whether they agree to text reminders about their
   * appointments, replacing any before. The prison healthcare team holding the person, or their
   * community treatment service; the number is stored encrypted and shown to them alone.
   */
  @Put(':id/contact')
  @Audited('pathway.contact-recorded', 'pathway-param')
  @Unkeyed()
  recordContact(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PutContactDto): Promise<PathwayContactDto> {
    return this.contacts.record(user, id, dto);
  }

  /** The person withdrew their consent to texts: the number is erased; who recorded the withdrawal, and when, is kept. */
  @Delete(':id/contact')
  @Audited('pathway.contact-withdrawn', 'pathway-param')
  @Unkeyed()
  withdrawContact(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PathwayContactDto> {
    return this.contacts.withdraw(user, id);
  }

  /** The release date moved: every open deadline is recomputed; the same date again does nothing. */
  @Post(':id/release-date')
  @Audited('pathway.release-date', 'pathway-param')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  changeReleaseDate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChangeReleaseDateDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.events.changeReleaseDate(user, id, dto, operation?.id);
  }

  /** The person was released, as planned or not; the actual day starts the 21-day window. */
  @Post(':id/released')
  @Audited('pathway.released', 'pathway-param')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  recordRelease(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RecordReleaseDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.events.recordRelease(user, id, dto, operation?.id);
  }

  /** Recalled or remanded: open tasks are cancelled and the pathway is excluded from the measure. */
  @Post(':id/returned-to-custody')
  @Audited('pathway.returned-to-custody', 'pathway-param')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  returnToCustody(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReturnToCustodyDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.events.returnToCustody(user, id, dto, operation?.id);
  }

  @Post(':id/cancel')
  @Audited('pathway.cancel', 'pathway-param')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CancelPathwayDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.events.cancel(user, id, dto, operation?.id);
  }

  /** Moved to another prison: the prison's open tasks move with the person. */
  @Post(':id/transfer')
  @Audited('pathway.transfer', 'pathway-param')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  transfer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransferDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<PathwayResponseDto> {
    return this.events.transfer(user, id, dto, operation?.id);
  }
}
