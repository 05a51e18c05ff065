/**
 * Which pathway events apply to a pathway as it stands: none once it is closed; once the
 * release is recorded, only a return to custody or a cancellation (the person is out, so
 * there is no release day to change, no release to record and no prison to move between).
 * The workflow's Update validators refuse by these rules; the API offers by them.
 */
export const PATHWAY_EVENTS = ['released', 'release-date', 'returned-to-custody', 'transfer', 'cancel'] as const;
export type PathwayEventName = (typeof PATHWAY_EVENTS)[number];

const BEFORE_RELEASE_ONLY: ReadonlySet<PathwayEventName> = new Set(['release-date', 'released', 'transfer']);

export type PathwayEventRefusal = 'PathwayClosed' | 'AlreadyReleased';

export function pathwayEventRefusal(event: PathwayEventName, pathway: { closed: boolean; released: boolean }): PathwayEventRefusal | undefined {
  if (pathway.closed) return 'PathwayClosed';
  if (pathway.released && BEFORE_RELEASE_ONLY.has(event)) return 'AlreadyReleased';
  return undefined;
}

export function applicablePathwayEvents(pathway: { closed: boolean; released: boolean }): PathwayEventName[] {
  return PATHWAY_EVENTS.filter((event) => !pathwayEventRefusal(event, pathway));
}
