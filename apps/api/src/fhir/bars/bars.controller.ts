/** BaRS messages to Throughcare: POST /fhir/R4/$process-message (BarsMessagesService), audited as the FHIR changes are. */
import { Body, Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Audited } from '@throughcare/audit';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { audit } from '../fhir-answer';
import { OperationOutcomeFilter } from '../operation-outcome';
import { BarsMessagesService } from './bars-messages.service';

@ApiExcludeController()
@UseFilters(OperationOutcomeFilter)
@Controller('fhir/R4')
export class BarsController {
  constructor(private readonly messages: BarsMessagesService) {}

  /** A receiving service's servicerequest-response (the referral accepted, or declined with its reason) or booking-request (its first appointment booked). */
  @Post('$process-message')
  @HttpCode(200)
  @Audited('fhir.message.process', 'fhir')
  async processMessage(@CurrentUser() user: AuthenticatedUser, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Bundle> {
    const { status, answer } = await this.messages.process(user, body);
    // The Task answered or the Appointment booked (audit lines name nothing else).
    audit(req, (answer.entry ?? []).map((e) => e.resource as Resource));
    res.status(status);
    return answer;
  }
}
