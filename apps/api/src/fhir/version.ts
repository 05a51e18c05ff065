/** Optimistic concurrency: the ETag is the weak form of meta.versionId (libs/fhir's versionMeta). */
import { DomainError } from '@throughcare/problem';
export const etagOf = (version: number | string) => `W/"${version}"`;

/**
 * Refuses a change made against another version than the current one (If-Match, FHIR's
 * optimistic locking). Absent, the change goes ahead as /v1's would.
 */
export function requireVersion(ifMatch: string | undefined, current: number): void {
  if (ifMatch === undefined) return;
  const asked = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(ifMatch)?.[1];
  if (asked === undefined) throw new DomainError('badRequest', 'If-Match must be a version as the ETag gave it, e.g. W/"3"');
  if (asked !== String(current)) {
    throw new DomainError('preconditionFailed', `The resource is at version ${current}, not ${asked}: read it again and re-apply the change`);
  }
}
