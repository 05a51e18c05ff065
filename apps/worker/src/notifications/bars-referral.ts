/**
 * A referral as the BaRS message a community treatment service's own system takes
 * (docs/design.md §12, "BaRS messages out"): the `message` Bundle libs/fhir packs from the
 * same mappers /fhir/R4 serves, and BaRS's headers, for the service's `<endpoint>/$process-message`.
 * The receiver is the service the referral names, whose view of the record is `healthcare`
 * (docs/design.md §5): the Bundle carries what that service reads at /fhir/R4, no more.
 * Nothing here is logged: the Bundle names the person.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { lastDayOfOutcomeWindow } from '@throughcare/domain';
import { barsHeaders, fhirOrganization, fhirPatient, fhirServiceRequest, referralMessage, SYSTEMS } from '@throughcare/fhir';
import { OrganisationEntity, PathwayEntity, policyVersion, TaskEntity } from '@throughcare/persistence';

/** The version BaRS's NHSD-Requesting-Software header names. */
export const REQUESTING_SOFTWARE_VERSION = '1';

export interface BarsRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Why a BaRS message cannot be made at all (sent to no one, not retried). */
export class BarsUnsendable extends Error {}

/**
 * The request for one BaRS delivery. `messageId` (the delivery's id) is the MessageHeader's and
 * the Bundle's id, the same on every try, so the receiver can tell a resend; `X-Request-Id` is
 * new on every try, as BaRS asks; `X-Correlation-Id` is the referral's (the pathway's id).
 */
export async function barsReferralRequest(
  dataSource: DataSource,
  fhirBase: string,
  message: { messageId: string; orgCode: string; pathwayId: string },
): Promise<BarsRequest> {
  const [contacts]: Array<{ bars_endpoint: string | null }> = await dataSource.query(`SELECT bars_endpoint FROM organisation_contacts WHERE org_code = $1`, [
    message.orgCode,
  ]);
  const endpoint = contacts?.bars_endpoint;
  if (!endpoint) throw new BarsUnsendable('no BaRS endpoint');
  const pathway = await dataSource.getRepository(PathwayEntity).findOne({ where: { id: message.pathwayId }, relations: { person: true } });
  if (!pathway?.person) throw new BarsUnsendable('referral gone');
  const [policy, sent, organisations] = await Promise.all([
    policyVersion(dataSource, pathway.policyId, pathway.policyVersion),
    dataSource.getRepository(TaskEntity).findOne({ where: { pathwayId: pathway.id, type: 'referral', state: 'done' }, order: { completedAt: 'ASC' } }),
    dataSource.getRepository(OrganisationEntity).findBy([{ code: pathway.prisonCode }, { code: message.orgCode }]),
  ]);
  const prison = organisations.find((o) => o.code === pathway.prisonCode);
  const service = organisations.find((o) => o.code === message.orgCode);
  if (!policy || !prison || !service) throw new BarsUnsendable('referral gone');
  const serviceRequest = fhirServiceRequest(pathway, 'healthcare', { sentAt: sent?.completedAt ?? null, windowEnd: lastDayOfOutcomeWindow(policy, { releaseDay: pathway.releaseDay }) });
  // A referral since moved to another service is not this one's to take; its revocation is.
  if (serviceRequest.status !== 'revoked' && pathway.communityTreatmentCode !== message.orgCode) throw new BarsUnsendable('referral moved to another service');
  const requester = fhirOrganization(prison);
  const bundle: Bundle = referralMessage({
    messageId: message.messageId,
    timestamp: new Date(),
    fhirBase,
    destination: endpoint,
    serviceRequest,
    patient: fhirPatient(pathway),
    requester,
    performer: fhirOrganization(service),
  });
  const headers = barsHeaders({
    requestId: randomUUID(),
    correlationId: pathway.id,
    target: { system: SYSTEMS.organisationCode, value: service.code },
    endUserOrganisation: requester,
    softwareVersion: REQUESTING_SOFTWARE_VERSION,
  });
  return { url: `${endpoint}/$process-message`, headers, body: JSON.stringify(bundle) };
}
