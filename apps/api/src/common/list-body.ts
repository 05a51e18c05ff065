/**
 * The one body that is a list: a prison's releases sent at once (`POST /v1/releases/imports`),
 * as a CSV file or a JSON array, up to 5,000 rows. Parsed here, before the JSON parser, into
 * `{ rows: [...] }`, each row shaped as the registration's JSON body, so the rest of the
 * pipeline (the depth bound, the idempotency fingerprint) sees an object as everywhere else.
 * The text rule is applied to each row by the import, not to the whole body here: a bad row
 * must not hold back the good ones.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { json, text } from 'express';
import { sendProblem, validationProblem } from '@throughcare/problem';
import { CsvListFault, csvRows } from '../imports/release-list-csv';

export const LIST_MEDIA_TYPES = ['application/json', 'text/csv'];
/** A list's body may be this big; a single request's is bounded in json-body.ts. */
export const LIST_MAX_BODY_BYTES = 6 * 1024 * 1024;
export const MAX_LIST_ROWS = 5000;
const LIST_ROUTES = new Set(['/v1/releases/imports']);

export const isListRequest = (req: Request): boolean => req.method === 'POST' && LIST_ROUTES.has(req.path);

export function useListBodies(app: NestExpressApplication): void {
  const parseJson = json({ limit: LIST_MAX_BODY_BYTES, strict: true });
  const parseCsv = text({ type: 'text/csv', limit: LIST_MAX_BODY_BYTES });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isListRequest(req)) return next();
    parseJson(req, res, (jsonErr?: unknown) => {
      if (jsonErr) return next(jsonErr);
      parseCsv(req, res, (csvErr?: unknown) => (csvErr ? next(csvErr) : toRows(req, res, next)));
    });
  });
}

function toRows(req: Request, res: Response, next: NextFunction): void {
  const refuse = (messages: string[], field = '(body)') => sendProblem(res, validationProblem([{ field, messages }]), req.originalUrl.split('?')[0]);
  const body: unknown = req.body;
  if (body === undefined) return next();
  let rows: unknown[];
  if (typeof body === 'string') {
    try {
      rows = csvRows(body);
    } catch (err) {
      return err instanceof CsvListFault ? refuse(err.messages, err.field) : next(err);
    }
  } else if (Array.isArray(body)) {
    rows = body;
  } else {
    return refuse(['must be a JSON array of registrations, or a CSV file']);
  }
  if (rows.length === 0) return refuse(['must hold at least one registration']);
  if (rows.length > MAX_LIST_ROWS) return refuse([`must hold at most ${MAX_LIST_ROWS.toLocaleString('en-GB')} registrations, not ${rows.length.toLocaleString('en-GB')}`]);
  req.body = { rows };
  next();
}
