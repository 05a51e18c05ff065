/**
 * FHIR changes, each one of the handover's own actions sent through TaskService.act (the same
 * owner check, the same workflow Update and rules as /v1): accept, decline and complete a Task,
 * book the first appointment, re-arrange it, record whether it was attended.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Appointment, Task } from '@medplum/fhirtypes';
import type { AuthenticatedUser } from '@throughcare/auth';
import { appointmentAsItStands, DELIVERY_CHANNELS, isValidInstant } from '@throughcare/domain';
import type { DeliveryChannel, TaskType } from '@throughcare/domain';
import { TaskEntity } from '@throughcare/persistence';
import { DomainError, validationError } from '@throughcare/problem';
import { PathwayService } from '../pathways/pathway.service';
import { TaskService } from '../tasks/task.service';
import { AppointmentRecord, appointmentStatus, appointmentVersion, DELIVERY_CHANNEL_EXTENSION } from './appointment.mapper';
import type { TaskActionDto } from '../tasks/task.dto';
import { FhirRecordsService } from './fhir-records.service';
import { actionFor, TaskChange } from './task-change';
import { requireVersion } from './version';

const invalid = (field: string, message: string) => validationError([{ field, messages: [message] }]);
const notBookable = (detail: string) => new DomainError('actionNotAllowed', detail);

@Injectable()
export class FhirWritesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: FhirRecordsService,
    private readonly tasks: TaskService,
    private readonly pathways: PathwayService,
  ) {}

  /**
   * `change` reads the wanted status from the current Task (a patch applies to it; a PUT is
   * compared with it). `operationId`: an Idempotency-Key's operation, the Update id as on /v1.
   */
  async changeTask(user: AuthenticatedUser, id: string, ifMatch: string | undefined, change: (current: Task) => TaskChange, operationId?: string): Promise<Task> {
    const { resource, entity } = await this.records.task(user, id);
    requireVersion(ifMatch, entity.version);
    if (entity.state !== 'open') throw new DomainError('taskNotOpen', `The Task is ${String(resource.status)}: it can no longer change`);
    const { action, reason } = actionFor(entity.type as TaskType, resource.status, change(resource));
    await this.tasks.act(user, id, action, reason ? { reason } : {}, operationId);
    return (await this.records.task(user, id)).resource;
  }

  /** Books the first appointment of the referral `basedOn` names: its open booking step, completed with the start. */
  async book(user: AuthenticatedUser, sent: unknown, operationId?: string): Promise<Appointment> {
    const appointment = appointmentBody(sent);
    if (appointment.status !== undefined && appointment.status !== 'booked') throw invalid('status', 'must be booked (or absent) to book an appointment');
    const basedOn = appointment.basedOn?.map((b) => b.reference ?? '') ?? [];
    const pathwayId = /^ServiceRequest\/([0-9a-f-]{36})$/i.exec(basedOn.length === 1 ? basedOn[0] : '')?.[1];
    if (!pathwayId) throw invalid('basedOn', 'must be one reference, ServiceRequest/{id}, the referral');
    if (typeof appointment.start !== 'string' || !isValidInstant(appointment.start)) throw invalid('start', 'must be a date-time with offset, e.g. 2027-03-15T10:30:00+00:00');
    const pathway = await this.pathways.findVisible(user, pathwayId.toLowerCase());
    const booking = await this.dataSource.getRepository(TaskEntity).findOne({ where: { pathwayId: pathway.id, type: 'appointment-booking', state: 'open' }, order: { issuedAt: 'DESC' } });
    if (!booking) throw notBookable('There is no appointment to book for this referral: it is not accepted yet, or its first appointment is booked');
    await this.tasks.act(user, booking.id, 'complete', { appointmentAt: appointment.start }, operationId);
    return (await this.records.appointment(user, booking.id)).resource;
  }

  /** A booked appointment moved (a new start or delivery channel): its first-appointment step re-arranged; unchanged, as it is. */
  private async rearrange(user: AuthenticatedUser, record: AppointmentRecord, sent: Appointment, operationId?: string): Promise<Appointment> {
    const change = rearrangement(record, sent);
    if (change) {
      if (record.attendance?.state !== 'open') throw notBookable('The appointment can no longer be re-arranged');
      await this.tasks.act(user, record.attendance.id, 'rearrange', change, operationId);
    }
    return (await this.records.appointment(user, record.booking.id)).resource;
  }

  /** Records attendance (status fulfilled or noshow), or re-arranges a booked appointment (a new start or delivery channel). */
  async updateAppointment(user: AuthenticatedUser, id: string, ifMatch: string | undefined, sent: unknown, operationId?: string): Promise<Appointment> {
    const appointment = appointmentBody(sent);
    if (appointment.id !== id) throw invalid('id', 'must be the id in the URL');
    const record = await this.records.appointmentRecord(user, id);
    requireVersion(ifMatch, appointmentVersion(record));
    const current = appointmentStatus(record);
    if (appointment.status === 'booked' && current === 'booked') return this.rearrange(user, record, appointment, operationId);
    if (appointment.status === current) return (await this.records.appointment(user, id)).resource;
    if (appointment.status !== 'fulfilled' && appointment.status !== 'noshow') throw invalid('status', 'can become fulfilled (attended) or noshow (did not attend)');
    if (record.attendance?.state !== 'open') throw notBookable(`The appointment is ${current}: whether it was attended can no longer be recorded`);
    await this.tasks.act(user, record.attendance.id, 'complete', { attended: appointment.status === 'fulfilled' }, operationId);
    return (await this.records.appointment(user, id)).resource;
  }
}

/**
 * A booked Appointment sent back with a new start or delivery channel: the first appointment
 * re-arranged (the same action as /v1's `rearrange`). In person keeps the site it was at (or
 * the main site); a Location by name cannot name a site, so a site is changed on /v1.
 */
function rearrangement(record: AppointmentRecord, sent: Appointment): TaskActionDto | undefined {
  if (typeof sent.start !== 'string' || !isValidInstant(sent.start)) throw invalid('start', 'must be a date-time with offset, e.g. 2027-03-15T10:30:00+00:00');
  const standing = appointmentAsItStands(record.booking.details, record.attendance?.details);
  const sentChannel = sent.extension?.find((e) => e.url === DELIVERY_CHANNEL_EXTENSION)?.valueCode;
  if (sentChannel !== undefined && !(DELIVERY_CHANNELS as readonly string[]).includes(sentChannel)) throw invalid('extension', `the delivery channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
  const channel = (sentChannel ?? standing.place?.channel ?? 'in-person') as DeliveryChannel;
  const moved = new Date(sent.start).getTime() !== standing.at?.getTime() || (sentChannel !== undefined && sentChannel !== standing.place?.channel);
  if (!moved) return undefined;
  const site = channel === 'in-person' ? (standing.place?.channel === 'in-person' ? standing.place.site : undefined) : undefined;
  return { appointmentAt: sent.start, place: { channel, ...(site ? { site } : {}) } };
}

function appointmentBody(sent: unknown): Appointment {
  if (sent === null || typeof sent !== 'object' || (sent as Appointment).resourceType !== 'Appointment') throw invalid('resourceType', 'must be Appointment');
  return sent as Appointment;
}
