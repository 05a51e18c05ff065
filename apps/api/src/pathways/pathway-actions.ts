/**
 * The events the caller may record on a pathway now: those its state admits (the domain's
 * `applicablePathwayEvents`: none once closed, fewer once released), each only for its senders
 * (the access table's EVENT_SENDERS), with the fields of its body.
 */
import type { AuthenticatedUser } from '@throughcare/auth';
import { applicablePathwayEvents, type ActionField } from '@throughcare/domain';
import type { PathwayEntity } from '@throughcare/persistence';
import { EVENT_SENDERS, isSender, SENDERS, type Sender } from '@throughcare/access';
import { ActionDto, actionOf } from '../common/action.dto';
import { EVENT_FIELDS } from './pathway-event.dto';
import type { PathwayContactDto } from './contact.dto';

export function pathwayActionsFor(user: AuthenticatedUser, pathway: Pick<PathwayEntity, 'id' | 'status' | 'releasedOn' | Sender['place']>): ActionDto[] {
  // Registering: the workflow has not started; failed: it takes nothing more. Closed is the domain's.
  if (pathway.status === 'registering' || pathway.status === 'failed') return [];
  return applicablePathwayEvents({ closed: pathway.status === 'closed', released: pathway.releasedOn !== null })
    .filter((event) => isSender(user, pathway, EVENT_SENDERS[event]))
    .map((event) => actionOf(event, `/v1/pathways/${pathway.id}/${event}`, EVENT_FIELDS[event]));
}

/** The body of `PUT /v1/pathways/{id}/contact` (PutContactDto), as an action's fields. */
export const CONTACT_FIELDS = [
  { name: 'mobileNumber', kind: 'mobile', required: true },
  { name: 'consentToText', kind: 'yes-no', required: true },
] as const satisfies readonly ActionField[];

/**
 * The person's mobile number, for its keepers (SENDERS.recordContact): recording or changing it
 * while the pathway is open; withdrawing consent whenever a number is held, closed or not.
 */
export function contactActionsFor(user: AuthenticatedUser, pathway: PathwayEntity, contact: PathwayContactDto | null): ActionDto[] {
  if (!isSender(user, pathway, SENDERS.recordContact)) return [];
  const href = `/v1/pathways/${pathway.id}/contact`;
  return [
    ...(pathway.status === 'closed' ? [] : [actionOf('contact', href, CONTACT_FIELDS, 'PUT')]),
    ...(contact && contact.consentToText !== 'withdrawn' ? [actionOf('withdraw-contact', href, [], 'DELETE')] : []),
  ];
}
