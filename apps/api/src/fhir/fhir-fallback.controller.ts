/** Anything else under /fhir/R4 (another resource type, an interaction not served): an OperationOutcome 404, not /v1's problem. */
import { All, Controller, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { problem, PROBLEMS } from '@throughcare/problem';
import { OperationOutcomeFilter } from './operation-outcome';

@ApiExcludeController()
@UseFilters(OperationOutcomeFilter)
@Controller('fhir/R4')
export class FhirFallbackController {
  /** Registered after every FHIR route (FhirModule lists it last), so it sees only what none of them took. */
  @All('*path')
  unsupported(@Req() req: Request): never {
    throw problem(PROBLEMS.notFound, `${req.method} ${req.path} is not served here: /fhir/R4/metadata says what is`);
  }
}
