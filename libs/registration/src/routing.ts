/** Routing: a release's destination area decides who receives its tasks. */
import { DataSource } from 'typeorm';
import { OrganisationEntity, OrganisationType } from '@throughcare/persistence';
import { DomainError } from '@throughcare/problem';
import type { PathwayRouting } from '@throughcare/workflows/pathway';

export interface RoutingRequest {
  prisonCode: string;
  destinationArea: string;
  communityTreatmentCode?: string;
  probationCode?: string;
  commissionerCode?: string;
}

/**
 * Who receives the release's tasks: the organisations named, else those serving the
 * destination area (the lowest code when several do: a stable, explainable choice).
 * One query for all four, since every registration routes.
 */
export async function route(dataSource: DataSource, request: RoutingRequest): Promise<PathwayRouting> {
  const named = [request.prisonCode, request.communityTreatmentCode, request.probationCode, request.commissionerCode].filter(
    (code): code is string => code !== undefined,
  );
  const candidates = await dataSource
    .getRepository(OrganisationEntity)
    .createQueryBuilder('o')
    .where('o.code IN (:...named)', { named })
    .orWhere("o.type <> 'prison' AND :area = ANY(o.areas)", { area: request.destinationArea })
    .orderBy('o.code')
    .getMany();
  const choose = (type: OrganisationType, code: string | undefined, field: string) =>
    chooseOrganisation(candidates, { type, area: request.destinationArea, code, field });
  return {
    prison: choose('prison', request.prisonCode, 'prisonCode'),
    'community-treatment': choose('community-treatment', request.communityTreatmentCode, 'communityTreatmentCode'),
    probation: choose('probation', request.probationCode, 'probationCode'),
    commissioner: choose('commissioner', request.commissionerCode, 'commissionerCode'),
  };
}

/** The organisation named, if it is one of that type; else the first of that type serving the area. */
function chooseOrganisation(
  candidates: OrganisationEntity[],
  wanted: { type: OrganisationType; area: string; code?: string; field: string },
): string {
  const { type, area, code, field } = wanted;
  if (code) {
    if (candidates.some((o) => o.code === code && o.type === type)) return code;
    throw new DomainError('unknownOrganisation', `${field} ${code} is not a known ${type} organisation`, { field });
  }
  const serving = candidates.find((o) => o.type === type && o.areas.includes(area));
  if (serving) return serving.code;
  throw new DomainError('noRoute', `No ${type} organisation serves area ${area}; name one in ${field}`, { field });
}
