/**
 * Every kind of problem the API answers with, defined once: its `type` slug (the URI's last
 * segment, which clients branch on), its title and its status. Services, the workflow
 * rejections' mapping, the filters and the OpenAPI document all take them from here; only the
 * detail (and any extension) is said where the problem is raised. A slug, title or status
 * here is part of the API contract: change one only as a breaking change.
 */
import { DomainError } from './domain-error';
import { ProblemException } from './problem.exception';

export interface ProblemType {
  readonly status: number;
  readonly type: string;
  readonly title: string;
}

export const PROBLEMS = {
  // The request itself.
  badRequest: { status: 400, type: 'bad-request', title: 'Bad request' },
  payloadUndecodable: { status: 422, type: 'payload-undecodable', title: 'The payload cannot be decoded with the keys this service holds' },
  validation: { status: 400, type: 'validation', title: 'The request is not valid' },
  unauthorized: { status: 401, type: 'unauthorized', title: 'Not signed in' },
  forbidden: { status: 403, type: 'forbidden', title: 'Not allowed' },
  notFound: { status: 404, type: 'not-found', title: 'Not found' },
  methodNotAllowed: { status: 405, type: 'method-not-allowed', title: 'Method not allowed' },
  requestTimeout: { status: 408, type: 'request-timeout', title: 'Request timeout' },
  payloadTooLarge: { status: 413, type: 'payload-too-large', title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, type: 'unsupported-media-type', title: 'Unsupported media type' },
  tooManyRequests: { status: 429, type: 'too-many-requests', title: 'Too many requests' },
  /** If-Match named another version than the resource's current one (the FHIR API's optimistic locking). */
  preconditionFailed: { status: 412, type: 'precondition-failed', title: 'The resource has changed since that version' },
  headersTooLarge: { status: 431, type: 'request-header-fields-too-large', title: 'Request headers too large' },
  // Idempotency-Key.
  idempotencyKeyReused: { status: 409, type: 'idempotency-key-reused', title: 'The Idempotency-Key was used for a different request' },
  requestInProgress: { status: 409, type: 'request-in-progress', title: 'The same request is in progress' },
  // Registration, organisations and policies.
  pathwayExists: { status: 409, type: 'pathway-exists', title: 'This person already has an open pathway' },
  pathwayExistsElsewhere: { status: 409, type: 'pathway-exists-elsewhere', title: 'This person has an open pathway at another organisation' },
  organisationExists: { status: 409, type: 'organisation-exists', title: 'The organisation exists' },
  policyBuiltIn: { status: 409, type: 'policy-built-in', title: 'Built-in policy' },
  unknownOrganisation: { status: 422, type: 'unknown-organisation', title: 'Unknown organisation' },
  noRoute: { status: 422, type: 'no-route', title: 'No organisation serves that area' },
  // Rules the pathway's workflow applies to a change.
  taskNotOpen: { status: 409, type: 'task-not-open', title: 'The task is not open' },
  actionNotAllowed: { status: 409, type: 'action-not-allowed', title: 'That action does not apply to this task' },
  pathwayClosed: { status: 409, type: 'pathway-closed', title: 'The pathway is closed' },
  alreadyReleased: { status: 409, type: 'already-released', title: 'The person has already been released' },
  notYetStartable: { status: 409, type: 'not-yet-startable', title: 'The step cannot be done yet' },
  invalidEvent: { status: 422, type: 'invalid-event', title: 'That change does not apply to this pathway' },
  /** A FHIR change to an element no handover action changes (businessStatus, owner, …). */
  changeNotSupported: { status: 422, type: 'change-not-supported', title: 'That element cannot be changed' },
  // BaRS messages at /fhir/R4/$process-message.
  /** Another message was sent before with this MessageHeader id (BaRS answers 409, REC_CONFLICT). */
  messageDuplicate: { status: 409, type: 'message-duplicate', title: 'A different message was sent with this id' },
  messageNotSupported: { status: 422, type: 'message-not-supported', title: 'That message is not one Throughcare processes' },
  // Delivery of notifications.
  deliveryNotFailed: { status: 409, type: 'delivery-not-failed', title: 'Only a failed delivery can be sent again' },
  // Review items from HMPPS events.
  reviewResolved: { status: 409, type: 'review-resolved', title: 'This movement has been resolved another way' },
  // Something on our side.
  internalError: { status: 500, type: 'internal-error', title: 'Internal error' },
  pathwayFailed: { status: 500, type: 'pathway-failed', title: 'The pathway has stopped working' },
  databaseUnavailable: { status: 503, type: 'database-unavailable', title: 'The database is unavailable' },
  workflowServiceUnavailable: { status: 503, type: 'workflow-service-unavailable', title: 'The workflow service is unavailable' },
  pathwayBusy: { status: 503, type: 'pathway-busy', title: 'The pathway did not answer in time' },
  identityProviderUnavailable: { status: 503, type: 'identity-provider-unavailable', title: 'Sign-in cannot be checked' },
} as const satisfies Record<string, ProblemType>;

/**
 * A problem of this kind, with what happened this time: for the HTTP edge (middleware, guards,
 * pipes). Services and activities throw DomainError instead.
 */
export function problem(kind: ProblemType, detail?: string, extensions?: Record<string, unknown>): ProblemException {
  return new ProblemException({ ...kind, detail, extensions });
}

/** The problem a DomainError is answered with: its code's type and status, its detail and extensions. */
export function problemOf(error: DomainError): ProblemException {
  const kind = PROBLEMS[error.code];
  return problem(error.title ? { ...kind, title: error.title } : kind, error.detail, error.extensions);
}

export function notFound(what: string): DomainError {
  return new DomainError('notFound', `${what} was not found`);
}
