/** How the FHIR controllers answer (application/fhir+json is set for all of /fhir in bootstrap): the version as a weak ETag, and what to audit. */
import type { Request, Response } from 'express';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { auditSubjects } from '@throughcare/audit';
import type { AuditSubjectLine } from '@throughcare/audit';
import { etagOf } from './version';

export function answer<R extends Resource>(res: Response, resource: R): R {
  if (resource.meta?.versionId) res.setHeader('ETag', etagOf(resource.meta.versionId));
  return resource;
}

/** A change's answer, the same for every FHIR write: the resource as it now stands, audited, with its version as the ETag. */
export async function answerChange<R extends Resource>(req: Request, res: Response, change: Promise<R>): Promise<R> {
  const resource = await change;
  audit(req, [resource]);
  return answer(res, resource);
}

/** The audit lines of the resources shown: each pathway, and task, a resource is about. */
export function audit(req: Request, resources: Resource[]): void {
  auditSubjects(req, resources.flatMap(subjectOf));
}

function subjectOf(resource: Resource): AuditSubjectLine[] {
  switch (resource.resourceType) {
    case 'Task':
      return [{ pathwayId: resource.focus?.reference?.replace('ServiceRequest/', ''), taskId: resource.id }];
    case 'ServiceRequest':
    case 'Patient':
      return [{ pathwayId: resource.id }];
    case 'Appointment':
      return [{ pathwayId: resource.basedOn?.[0]?.reference?.replace('ServiceRequest/', ''), taskId: resource.id }];
    default:
      return [];
  }
}

/** A searchset Bundle: the matches, then what `_include` brought, with self and next links. */
export function searchset(base: string, type: string, self: URLSearchParams, next: URLSearchParams | null, matches: Resource[], included: Resource[]): Bundle {
  const entry = (mode: 'match' | 'include') => (resource: Resource): BundleEntry => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode } });
  const url = (params: URLSearchParams) => `${base}/${type}${params.size > 0 ? `?${params.toString()}` : ''}`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    link: [{ relation: 'self', url: url(self) }, ...(next ? [{ relation: 'next', url: url(next) }] : [])],
    entry: [...matches.map(entry('match')), ...included.map(entry('include'))],
  };
}
