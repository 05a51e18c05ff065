/**
 * FHIR R4 reads and Task search at /fhir/R4, on the same tokens, access and audit as /v1.
 * The CapabilityStatement (GET metadata) is this API's reference, not the OpenAPI document.
 */
import { Controller, Get, Headers, Inject, Param, ParseUUIDPipe, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Bundle, CapabilityStatement, CodeSystem, Organization } from '@medplum/fhirtypes';
import { Audited } from '@throughcare/audit';
import { CurrentUser, Public } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { notFound } from '@throughcare/problem';
import { capabilityStatement } from './capability-statement';
import { answer, audit, searchset } from './fhir-answer';
import { FhirRecordsService } from './fhir-records.service';
import { OperationOutcomeFilter } from './operation-outcome';
import { parseTaskSearch, prefersStrict } from './task-search';
import { TaskSearchService } from './task-search.service';
import { TASK_TYPE_CODE_SYSTEM, TASK_TYPE_CODE_SYSTEM_ID } from './task-types';

/** When this CapabilityStatement last changed. */
const CAPABILITIES_DATE = '2026-12-07';

/** An organisation code, checked before it reaches SQL or the audit log. */
const ORGANISATION_CODE = /^[A-Za-z0-9-]{1,20}$/;

@ApiExcludeController()
@UseFilters(OperationOutcomeFilter)
@Controller('fhir/R4')
export class FhirReadController {
  constructor(
    private readonly records: FhirRecordsService,
    private readonly taskSearch: TaskSearchService,
    @Inject(Config) private readonly config: Config,
  ) {}

  /** Public, as FHIR clients discover a server before they sign in: it says nothing about anyone. */
  @Public()
  @Get('metadata')
  metadata(@Res({ passthrough: true }) res: Response): CapabilityStatement {
    return answer(res, capabilityStatement(CAPABILITIES_DATE));
  }

  @Public()
  @Get('CodeSystem/:id')
  codeSystem(@Param('id') id: string, @Res({ passthrough: true }) res: Response): CodeSystem {
    if (id !== TASK_TYPE_CODE_SYSTEM_ID) throw notFound(`CodeSystem ${id}`);
    return answer(res, TASK_TYPE_CODE_SYSTEM);
  }

  @Get('Task')
  @Audited('fhir.task.search', 'fhir')
  async searchTasks(@CurrentUser() user: AuthenticatedUser, @Headers('prefer') prefer: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Bundle> {
    const search = parseTaskSearch(req.originalUrl.split('?')[1] ?? '', prefersStrict(prefer));
    const found = await this.taskSearch.search(user, search);
    audit(req, [...found.matches, ...found.included]);
    const next = found.next ? new URLSearchParams([...search.canonical, ['_cursor', found.next]]) : null;
    return answer(res, searchset(this.config.FHIR_BASE_URL, 'Task', search.canonical, next, found.matches, found.included));
  }

  @Get('Task/:id')
  @Audited('fhir.task.read', 'fhir')
  async task(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { resource } = await this.records.task(user, id);
    audit(req, [resource]);
    return answer(res, resource);
  }

  @Get('ServiceRequest/:id')
  @Audited('fhir.service-request.read', 'fhir')
  async serviceRequest(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { resource } = await this.records.serviceRequest(user, id);
    audit(req, [resource]);
    return answer(res, resource);
  }

  @Get('Patient/:id')
  @Audited('fhir.patient.read', 'fhir')
  async patient(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { resource } = await this.records.patient(user, id);
    audit(req, [resource]);
    return answer(res, resource);
  }

  @Get('Appointment/:id')
  @Audited('fhir.appointment.read', 'fhir')
  async appointment(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { resource } = await this.records.appointment(user, id);
    audit(req, [resource]);
    return answer(res, resource);
  }

  @Get('Organization/:id')
  async organization(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<Organization> {
    if (!ORGANISATION_CODE.test(id)) throw notFound(`Organization ${id}`);
    return answer(res, await this.records.organization(id));
  }
}
