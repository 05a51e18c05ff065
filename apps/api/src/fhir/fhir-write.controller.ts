/** FHIR R4 changes at /fhir/R4, each one of the handover's actions (FhirWritesService), audited as /v1's. */
import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Put, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Appointment, Task } from '@medplum/fhirtypes';
import { Audited } from '@throughcare/audit';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { IdempotentOperation } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { answerChange } from './fhir-answer';
import { FhirWritesService } from './fhir-writes.service';
import { OperationOutcomeFilter } from './operation-outcome';
import { changeFromPatch, changeFromTask } from './task-change';

@ApiExcludeController()
@UseFilters(OperationOutcomeFilter)
@Controller('fhir/R4')
export class FhirWriteController {
  constructor(
    private readonly writes: FhirWritesService,
    @Inject(Config) private readonly config: Config,
  ) {}

  /** JSON Patch on status and statusReason: accept, decline or complete. */
  @Patch('Task/:id')
  @Audited('fhir.task.patch', 'fhir')
  async patchTask(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() patch: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @IdempotentOperation() operation?: Operation,
  ): Promise<Task> {
    return answerChange(req, res, this.writes.changeTask(user, id, ifMatch, (current) => changeFromPatch(current, patch), operation?.id));
  }

  /** The Task as read, with status (and statusReason) changed. */
  @Put('Task/:id')
  @Audited('fhir.task.update', 'fhir')
  async putTask(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() sent: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @IdempotentOperation() operation?: Operation,
  ): Promise<Task> {
    return answerChange(req, res, this.writes.changeTask(user, id, ifMatch, (current) => changeFromTask(current, sent), operation?.id));
  }

  /** Books the first appointment: an Appointment whose basedOn is the referral's ServiceRequest. */
  @Post('Appointment')
  @HttpCode(201)
  @Audited('fhir.appointment.create', 'fhir')
  async book(
    @CurrentUser() user: AuthenticatedUser,
    @Body() sent: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @IdempotentOperation() operation?: Operation,
  ): Promise<Appointment> {
    const appointment = await answerChange(req, res, this.writes.book(user, sent, operation?.id));
    res.setHeader('Location', `${this.config.FHIR_BASE_URL}/Appointment/${appointment.id}/_history/${appointment.meta!.versionId}`);
    return appointment;
  }

  /** Records attendance: status fulfilled or noshow. */
  @Put('Appointment/:id')
  @Audited('fhir.appointment.update', 'fhir')
  async updateAppointment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() sent: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @IdempotentOperation() operation?: Operation,
  ): Promise<Appointment> {
    return answerChange(req, res, this.writes.updateAppointment(user, id, ifMatch, sent, operation?.id));
  }
}
