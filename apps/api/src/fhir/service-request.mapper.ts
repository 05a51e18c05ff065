/** A pathway's referral to community treatment as a FHIR ServiceRequest (its id is the pathway's). */
import type { ServiceRequest } from '@medplum/fhirtypes';
import type { PathwayEntity } from '@throughcare/persistence';
import { RecordView, seesPerson, seesTreatment } from '@throughcare/access';
import { reference } from './fhir-systems';
import { versionMeta } from './version';

export interface ReferralFacts {
  /** When the prison sent the referral (its referral step was done), if it has. */
  sentAt: Date | null;
  /** The last day of the 21-day window after release, from the pathway's policy. */
  windowEnd: string;
}

/** SNOMED CT 3457005 |Patient referral|, the category UK Core uses for referrals. */
const REFERRAL = { system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' };

export function fhirServiceRequest(pathway: PathwayEntity, view: RecordView, facts: ReferralFacts): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: pathway.id,
    meta: versionMeta(pathway.version, pathway.updatedAt),
    status: referralStatus(pathway, facts),
    intent: 'plan',
    category: [{ coding: [REFERRAL] }],
    code: { text: 'Community drug and alcohol treatment after release from prison' },
    // subject is required: a commissioner is told it is withheld, not whom.
    subject: seesPerson(view) ? reference('Patient', pathway.id) : { display: 'Withheld from commissioners' },
    occurrencePeriod: { start: pathway.releaseDay, end: facts.windowEnd },
    authoredOn: (facts.sentAt ?? pathway.registeredAt).toISOString(),
    requester: reference('Organization', pathway.prisonCode),
    performer: [reference('Organization', pathway.communityTreatmentCode)],
    ...(seesTreatment(view) ? { supportingInfo: treatmentFacts(pathway) } : {}),
  };
}

/**
 * `draft` until the prison sends the referral; `active` while the handover runs; `completed`
 * once the person engaged; `revoked` when it ended otherwise (returned to custody, cancelled,
 * or not engaged within the window); `unknown` for a pathway whose workflow failed.
 */
export function referralStatus(pathway: Pick<PathwayEntity, 'status' | 'outcome'>, facts: Pick<ReferralFacts, 'sentAt'>): NonNullable<ServiceRequest['status']> {
  if (pathway.status === 'failed') return 'unknown';
  if (pathway.outcome === 'engaged') return 'completed';
  if (pathway.outcome) return 'revoked';
  return facts.sentAt ? 'active' : 'draft';
}

/** What the referral says about treatment, for the views that may see it. */
function treatmentFacts(pathway: PathwayEntity): NonNullable<ServiceRequest['supportingInfo']> {
  return [
    { display: `Substances: ${pathway.substances.join(', ')}` },
    { display: pathway.onOst ? 'On opioid substitution therapy' : 'Not on opioid substitution therapy' },
  ];
}
