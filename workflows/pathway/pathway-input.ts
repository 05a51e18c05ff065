/**
 * The pathway workflow's input, built from its registration record: one way for the API
 * (registering) and the worker (the stalled-registration sweep) to start a pathway.
 */
import { londonDateOf, pinHolidayCalendar } from '@throughcare/domain';
import type { Policy, ReleaseDateType } from '@throughcare/domain';
import type { PathwayInput } from './pathway.types';

/** The fields of a registration record (PathwayEntity) a start needs. */
export interface RegisteredPathway {
  id: string;
  registeredAt: Date;
  releaseDate: string;
  releaseDateType: string;
  prisonCode: string;
  communityTreatmentCode: string;
  probationCode: string;
  commissionerCode: string;
  onOst: boolean;
  substances: string[];
}

export function pathwayInputOf(pathway: RegisteredPathway, policy: Policy, historyLimit: number): PathwayInput {
  return {
    pathwayId: pathway.id,
    policy,
    // Pinned as the policy is: a refresh of the compiled holidays changes new pathways only.
    calendar: pinHolidayCalendar(londonDateOf(pathway.registeredAt)),
    registeredAt: pathway.registeredAt.toISOString(),
    releaseDate: pathway.releaseDate,
    releaseDateType: pathway.releaseDateType as ReleaseDateType,
    routing: {
      prison: pathway.prisonCode,
      'community-treatment': pathway.communityTreatmentCode,
      probation: pathway.probationCode,
      commissioner: pathway.commissionerCode,
    },
    flags: { onOst: pathway.onOst, opioidUse: pathway.substances.includes('opiates') },
    historyLimit,
  };
}
