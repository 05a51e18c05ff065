import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { Operation } from '../common/idempotency/idempotency.interceptor';

/** Names the ids derived from operations, so they never collide with other name-based UUIDs. */
const REGISTRATIONS = '9eac64d2-eee2-4330-8698-6606b27b1a8e';

/**
 * A new pathway's id: derived from the registration's operation when it has an
 * Idempotency-Key, so a retry that reaches the handler names the same row and the same
 * workflow as the first request; else random.
 */
export function pathwayIdFor(operation: Operation | undefined): string {
  return operation ? uuidv5(operation.id, REGISTRATIONS) : randomUUID();
}
