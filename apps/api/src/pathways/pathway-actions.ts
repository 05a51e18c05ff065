/**
 * The events the caller may record on a pathway now: those its state admits (the domain's
 * `applicablePathwayEvents`: none once closed, fewer once released), each only for its senders
 * (the access table's EVENT_SENDERS), with the fields of its body.
 */
import type { AuthenticatedUser } from '@throughcare/auth';
import { applicablePathwayEvents } from '@throughcare/domain';
import type { PathwayEntity } from '@throughcare/persistence';
import { EVENT_SENDERS, isSender } from '@throughcare/access';
import { ActionDto, actionOf } from '../common/action.dto';
import { EVENT_FIELDS } from './pathway-event.dto';

export function pathwayActionsFor(user: AuthenticatedUser, pathway: PathwayEntity): ActionDto[] {
  // Registering: the workflow has not started; failed: it takes nothing more. Closed is the domain's.
  if (pathway.status === 'registering' || pathway.status === 'failed') return [];
  return applicablePathwayEvents({ closed: pathway.status === 'closed', released: pathway.releasedOn !== null })
    .filter((event) => isSender(user, pathway, EVENT_SENDERS[event]))
    .map((event) => actionOf(event, `/v1/pathways/${pathway.id}/${event}`, EVENT_FIELDS[event]));
}
