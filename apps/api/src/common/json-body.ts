/**
 * Request bodies: a JSON object, at most 100 KB (a list of releases: see list-body.ts), nested at most 32 deep, or a problem+json
 * refusal before anything else reads them. Nest's own body parsers are off (bootstrap):
 * Nest adds them when the app starts listening, after every middleware registered here, and
 * the depth limit must run after parsing but before the text rule, the idempotency
 * fingerprint and the class transform, which all walk the body recursively and overflowed
 * the stack on JSON nested 10,000 deep (a 500).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { problem, PROBLEMS, ProblemException, validationProblem } from '@throughcare/problem';
import { FHIR_BODY_MEDIA_TYPES, isFhirRequest, isJsonPatch, sendEdgeProblem } from '../fhir/fhir-edge';
import { isListRequest, LIST_MAX_BODY_BYTES, LIST_MEDIA_TYPES, useListBodies } from './list-body';

const MAX_BODY_DEPTH = 32;
const MAX_BODY_SIZE = '100kb';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function useJsonBodies(app: NestExpressApplication): void {
  app.use(requireJson);
  // Before the JSON parser: a list's body, once parsed here, is not parsed again.
  useListBodies(app);
  // The FHIR media types only ever reach the parser on the FHIR API (requireJson).
  app.useBodyParser('json', { limit: MAX_BODY_SIZE, strict: true, type: ['application/json', ...FHIR_BODY_MEDIA_TYPES] });
  app.use(checkShape);
  app.use(bodyProblems);
}


/** Every route that takes a body takes JSON: a form, text or XML answers 415 rather than an empty body. */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!WITH_BODY.has(req.method) || !hasBody) return next();
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json') return next();
  if (isListRequest(req) && LIST_MEDIA_TYPES.includes(mediaType)) return next();
  if (isFhirRequest(req) && FHIR_BODY_MEDIA_TYPES.includes(mediaType)) return next();
  sendEdgeProblem(req, res, unsupportedMediaType(mediaType, isFhirRequest(req) ? FHIR_BODY_MEDIA_TYPES.join(' or ') : 'application/json'));
}

function unsupportedMediaType(mediaType: string, expected: string): ProblemException {
  return problem(PROBLEMS.unsupportedMediaType, `The body must be ${expected}${mediaType ? `, not ${mediaType}` : ''}`);
}

/** Every body this API takes is a JSON object (but a JSON Patch); a list at the top would pass the DTOs unchecked. */
function checkShape(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  const fault =
    body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body) !== isJsonPatch(req))
      ? isJsonPatch(req)
        ? 'must be a JSON Patch document (an array of operations)'
        : 'must be a JSON object'
      : depthOf(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH
        ? `must not be nested more than ${MAX_BODY_DEPTH} levels deep`
        : undefined;
  if (!fault) return next();
  sendEdgeProblem(req, res, validationProblem([{ field: '(body)', messages: [fault] }]));
}

/** How deep objects and arrays nest in a parsed body, counted without recursion and only up to `stopAfter` + 1. */
function depthOf(value: unknown, stopAfter: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAfter) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The body parsers' refusals, as problems that quote nothing of the body: body-parser's own
 * errors carry a `type`; a compressed body that does not decompress fails in zlib, whose error
 * (`incorrect header check`, `unexpected end of file`) carries none and is answered here too.
 */
function bodyProblems(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type === 'string') return sendEdgeProblem(req, res, problemFor(type, (err as { status?: number }).status ?? 400, isListRequest(req)));
  if (isDecompressionFault(err, req)) return sendEdgeProblem(req, res, problem(PROBLEMS.badRequest, UNDECOMPRESSIBLE));
  next(err);
}

const UNDECOMPRESSIBLE = 'The request body could not be decompressed: send it compressed as its Content-Encoding says (gzip, deflate or br), or uncompressed without Content-Encoding';

/** zlib's error for a body sent with a Content-Encoding: a code (`Z_DATA_ERROR`, `ERR__ERROR_FORMAT_PADDING_1`) and no body-parser type. */
function isDecompressionFault(err: unknown, req: Request): boolean {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  return encoding !== 'identity' && typeof (err as { code?: unknown } | null)?.code === 'string' && typeof (err as { errno?: unknown }).errno === 'number';
}

function problemFor(type: string, status: number, list: boolean): ProblemException {
  switch (type) {
    case 'entity.parse.failed':
      return validationProblem([{ field: '(body)', messages: ['is not valid JSON'] }]);
    case 'entity.too.large':
      return problem(PROBLEMS.payloadTooLarge, `The body must be at most ${list ? `${LIST_MAX_BODY_BYTES / 1024 / 1024} MB` : '100 KB'}`);
    case 'charset.unsupported':
      return problem(PROBLEMS.unsupportedMediaType, 'The body must be application/json in UTF-8');
    case 'encoding.unsupported':
      return problem(PROBLEMS.unsupportedMediaType, 'The body must be sent uncompressed, or compressed with gzip, deflate or br (Content-Encoding)');
    default:
      // The body parser's own 4xx status where it gave one, with the bad-request type.
      return problem({ ...PROBLEMS.badRequest, status: status >= 400 && status < 500 ? status : 400 }, 'The request body could not be read');
  }
}
