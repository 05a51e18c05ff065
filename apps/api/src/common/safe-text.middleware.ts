/**
 * The one rule for text, applied to every request at the edge: each string and each key in
 * the body and the query string, and each segment of the path, is checked against the
 * domain's rule for typed text (no NUL, lone surrogates, control characters or bidirectional
 * overrides; tabs and line breaks only in long text such as a reason), and accepted body and
 * query text is normalised to NFC. Keys that name an object's machinery (`__proto__`,
 * `constructor`, `prototype`, `toString`, …) are refused wherever they are, not dropped unseen.
 *
 * Middleware, not a pipe: pipes run after the interceptors, and the audit interceptor writes
 * path parameters and body fields (an organisation's code, a task action) to PostgreSQL,
 * which cannot store a NUL, before a pipe could refuse it; the idempotency interceptor's
 * fingerprint should see the text as it will be stored. Middleware runs before both, after
 * the body is parsed and its depth bounded (json-body.ts). The cost: a path parameter is
 * named `path`, since no route is matched yet.
 */
import type { NextFunction, Request, Response } from 'express';
import { findTextFault, isLongTextPath, normaliseTextIn, textProblem } from '@throughcare/domain';
import type { FieldError } from '@throughcare/problem';
import { validationProblem } from '@throughcare/problem';
import { sendEdgeProblem } from '../fhir/fhir-edge';
import { isListRequest } from './list-body';

/**
 * Names every object has by inheritance (`__proto__`, `constructor`, `toString`, …) and
 * `prototype`: the validation's check for unknown fields does not see them, so they would be
 * dropped unseen, or worse, reach code that reads them as the object's own machinery.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function safeText(req: Request, res: Response, next: NextFunction): void {
  // A list's rows are each checked by the import (rowTextFault): a bad row must not hold back the rest.
  const list = isListRequest(req);
  const fault = pathFault(req.path) ?? valueFault(req.query) ?? (list ? undefined : valueFault(req.body));
  if (fault) return sendEdgeProblem(req, res, validationProblem([fault]));
  if (req.body !== undefined && !list) req.body = normaliseTextIn(req.body);
  // Express parses `req.query` afresh on each read (a getter); an own property replaces it.
  Object.defineProperty(req, 'query', { value: normaliseTextIn(req.query), writable: true, configurable: true, enumerable: true });
  next();
}

function pathFault(path: string): FieldError | undefined {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue; // not percent-encoding the router can read: it refuses the request itself
    }
    const message = textProblem(decoded);
    if (message) return { field: 'path', messages: [message] };
  }
  return undefined;
}

/** The text rule for one row of a list, as it applies to a single request's body. */
export function rowTextFault(row: unknown): FieldError | undefined {
  return valueFault(row);
}

function valueFault(value: unknown): FieldError | undefined {
  const reserved = findReservedKey(value, '');
  if (reserved) return { field: reserved, code: 'unknown-field', messages: ['is not a field this API takes'] };
  const fault = findTextFault(value, isLongTextPath);
  return fault && { field: fault.path, code: 'unsafe-text', messages: [fault.message] };
}

/** The path of the first reserved key (the depth of a body is already bounded). */
function findReservedKey(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findReservedKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) return at;
      const found = findReservedKey(item, at);
      if (found) return found;
    }
  }
  return undefined;
}
