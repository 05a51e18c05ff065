import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** One namespace per kind of thing created, so ids derived for one never collide with another's. */
const NAMESPACES = {
  registration: '9eac64d2-eee2-4330-8698-6606b27b1a8e',
  import: '3f5b7f0e-52c1-4a4f-9d0a-6b1f8a2e7c44',
} as const;

/**
 * The id of what an operation creates: derived from the operation when it has an
 * Idempotency-Key, so a retry that reaches the handler names the same row (and, for a
 * registration, the same workflow) as the first request; else random.
 */
export function derivedId(operation: { id: string } | undefined, kind: keyof typeof NAMESPACES): string {
  return operation ? uuidv5(operation.id, NAMESPACES[kind]) : randomUUID();
}
