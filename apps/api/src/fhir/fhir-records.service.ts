/**
 * Reads for the FHIR API: each resource is found through the same services and access rules
 * as /v1 (TaskService and PathwayService find what the caller may see, else 404; access/
 * gives the view), then mapped. Nothing here decides who sees what.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { lastDayOfOutcomeWindow, requesterOf } from '@throughcare/domain';
import type { OrganisationRole, Policy, TaskType } from '@throughcare/domain';
import { OrganisationEntity, PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { isDomainError, notFound } from '@throughcare/problem';
import type { Appointment, Organization, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import { recordViewFor, seesPerson } from '@throughcare/access';
import { PathwayService } from '../pathways/pathway.service';
import { PolicyService } from '../policies/policy.service';
import { TaskService } from '../tasks/task.service';
import { AppointmentRecord, fhirAppointment } from './appointment.mapper';
import { fhirOrganization, fhirPatient, fhirServiceRequest } from '@throughcare/fhir';
import { fhirTask } from './task.mapper';

/** Who stands where on a pathway, by role: the code of each. */
const PLACE: Record<OrganisationRole, keyof PathwayEntity> = {
  prison: 'prisonCode',
  'community-treatment': 'communityTreatmentCode',
  probation: 'probationCode',
  commissioner: 'commissionerCode',
};

@Injectable()
export class FhirRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskService,
    private readonly pathways: PathwayService,
    private readonly policies: PolicyService,
  ) {}

  async task(user: AuthenticatedUser, id: string): Promise<{ resource: Task; entity: TaskEntity }> {
    const entity = await this.tasks.findVisible(user, id);
    return { resource: await this.taskResource(user, entity), entity };
  }

  /** A task already found through the caller's access (its pathway loaded) as a Task. */
  async taskResource(user: AuthenticatedUser, task: TaskEntity, policies = new Map<string, Promise<Policy>>()): Promise<Task> {
    const pathway = task.pathway!;
    const policy = await this.policyOf(pathway, policies);
    const requester = pathway[PLACE[requesterOf(policy, { type: task.type as TaskType, ownerType: task.ownerType as 'prison' })]] as string;
    return fhirTask(task, recordViewFor(user, pathway), requester);
  }

  async serviceRequest(user: AuthenticatedUser, id: string): Promise<{ resource: ServiceRequest; entity: PathwayEntity }> {
    const pathway = await this.pathways.findVisible(user, id);
    return { resource: await this.serviceRequestOf(user, pathway), entity: pathway };
  }

  async serviceRequestOf(user: AuthenticatedUser, pathway: PathwayEntity): Promise<ServiceRequest> {
    const [policy, sent] = await Promise.all([
      this.policyOf(pathway),
      this.dataSource.getRepository(TaskEntity).findOne({ where: { pathwayId: pathway.id, type: 'referral', state: 'done' }, order: { completedAt: 'ASC' } }),
    ]);
    const windowEnd = lastDayOfOutcomeWindow(policy, { releaseDay: pathway.releaseDay });
    return fhirServiceRequest(pathway, recordViewFor(user, pathway), { sentAt: sent?.completedAt ?? null, windowEnd });
  }

  /** The person on a pathway the caller sees, if their view shows who (never a commissioner's): else 404, as for any record they cannot see. */
  async patient(user: AuthenticatedUser, id: string): Promise<{ resource: Patient; entity: PathwayEntity }> {
    const pathway = await this.pathways.findVisible(user, id);
    if (!seesPerson(recordViewFor(user, pathway))) throw notFound(`Patient ${id}`);
    return { resource: fhirPatient(pathway), entity: pathway };
  }

  async appointment(user: AuthenticatedUser, id: string): Promise<{ resource: Appointment; record: AppointmentRecord }> {
    const record = await this.appointmentRecord(user, id);
    return { resource: fhirAppointment(record, recordViewFor(user, record.pathway)), record };
  }

  /** The booking task behind an Appointment id, and the attendance step after it; 404 unless booked and visible. */
  async appointmentRecord(user: AuthenticatedUser, id: string): Promise<AppointmentRecord> {
    const booking = await this.tasks.findVisible(user, id).catch((err: unknown) => {
      if (isDomainError(err, 'notFound')) return null;
      throw err;
    });
    if (!booking || booking.type !== 'appointment-booking' || booking.state !== 'done' || typeof booking.details?.appointmentAt !== 'string') {
      throw notFound(`Appointment ${id}`);
    }
    const attendance = await this.dataSource
      .getRepository(TaskEntity)
      .findOne({ where: { pathwayId: booking.pathwayId, type: 'first-appointment' }, order: { issuedAt: 'DESC' } });
    return { pathway: booking.pathway!, booking, attendance };
  }

  async organization(code: string): Promise<Organization> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ code });
    if (!organisation) throw notFound(`Organization ${code}`);
    return fhirOrganization(organisation);
  }

  private policyOf(pathway: PathwayEntity, cache = new Map<string, Promise<Policy>>()): Promise<Policy> {
    const key = `${pathway.policyId}@${pathway.policyVersion}`;
    if (!cache.has(key)) cache.set(key, this.policies.version(pathway.policyId, pathway.policyVersion));
    return cache.get(key)!;
  }
}
