/**
 * What the request edge (body parsing, the text rule) needs to know of the FHIR API: its media
 * types, and that its refusals are OperationOutcome, like every other FHIR answer.
 */
import type { Request, Response } from 'express';
import { ProblemException, sendProblem } from '@throughcare/problem';
import { FHIR_MEDIA_TYPE } from '@throughcare/fhir';
import { sendOperationOutcome } from './operation-outcome';

export const FHIR_PREFIX = '/fhir/';
export const JSON_PATCH_MEDIA_TYPE = 'application/json-patch+json';

export function isFhirRequest(req: Pick<Request, 'originalUrl'>): boolean {
  return req.originalUrl.startsWith(FHIR_PREFIX);
}

/** The media types a FHIR request's body may have, besides application/json. */
export const FHIR_BODY_MEDIA_TYPES = [FHIR_MEDIA_TYPE, JSON_PATCH_MEDIA_TYPE];

/** A JSON Patch document is the one body that is an array, not an object. */
export function isJsonPatch(req: Pick<Request, 'originalUrl' | 'method' | 'headers'>): boolean {
  return isFhirRequest(req) && req.method === 'PATCH' && (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === JSON_PATCH_MEDIA_TYPE;
}

/** A refusal at the edge: problem+json, or an OperationOutcome on the FHIR API. */
export function sendEdgeProblem(req: Pick<Request, 'originalUrl'>, res: Response, problem: ProblemException): void {
  if (isFhirRequest(req)) sendOperationOutcome(res, problem);
  else sendProblem(res, problem, req.originalUrl.split('?')[0]);
}
