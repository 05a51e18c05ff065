/**
 * Who may read the reports, over which pathways, and whether small groups are suppressed.
 * The pathways are the caller's own (access/pathway-access), except an admin's, which are all.
 * Outside healthcare, groups of fewer than five people show no counts, as published health
 * statistics do, so a figure cannot single out a person.
 */
import type { AuthenticatedUser } from '@throughcare/auth';
import { PathwayEntity } from '@throughcare/persistence';
import { SelectQueryBuilder } from 'typeorm';
import { isAdmin, REPORT_READERS, requireRole, whereVisibleTo } from '@throughcare/access';

export const SUPPRESS_BELOW = 5;

export interface ReportScope {
  restrict(query: SelectQueryBuilder<PathwayEntity>): SelectQueryBuilder<PathwayEntity>;
  /** Whether the caller reads every pathway (an admin): nothing restricts the cohort. */
  allPathways: boolean;
  /** Whether groups under SUPPRESS_BELOW people are suppressed for this caller. */
  suppressesSmallGroups: boolean;
}

export function reportScopeOf(user: AuthenticatedUser): ReportScope {
  requireRole(user, REPORT_READERS, 'Reports are for commissioners, healthcare teams and administrators');
  const admin = isAdmin(user);
  const healthcare = user.roles.includes('prison-healthcare') || user.roles.includes('community-treatment');
  return {
    restrict: (query) => (admin ? query : whereVisibleTo(query, 'p', user)),
    allPathways: admin,
    suppressesSmallGroups: !healthcare,
  };
}
