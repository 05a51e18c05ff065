/**
 * The correlation id of the HTTP request being served, from the caller's X-Correlation-Id or
 * made here. Kept in async-local storage so the Temporal client can pass it into the
 * workflow, which hands it to its activities and the pathway's timeline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const storage = new AsyncLocalStorage<string>();

export type WithCorrelation = IncomingMessage & { correlationId?: string };

export function correlationMiddleware(req: WithCorrelation, res: ServerResponse, next: () => void): void {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  storage.run(id, next);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
