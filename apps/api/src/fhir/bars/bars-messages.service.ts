/**
 * BaRS messages received at /fhir/R4/$process-message: a community treatment service's answer
 * to a referral (servicerequest-response) becomes the accept or decline of its referral step,
 * through FhirWritesService as a FHIR Task change would, and its booking of the first
 * appointment (booking-request) the booking, as a POST of the Appointment would (the same
 * owner check, workflow Update and rules). Idempotent on the sender's MessageHeader id: the first answer is kept in
 * bars_messages and given again to a repeat; a different message with that id is refused (409).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Appointment, Bundle, Task } from '@medplum/fhirtypes';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { TaskEntity } from '@throughcare/persistence';
import { DomainError } from '@throughcare/problem';
import { PathwayService } from '../../pathways/pathway.service';
import { FhirWritesService } from '../fhir-writes.service';
import { processMessageAnswer } from './process-message-answer';
import { BookingMessage, readInboundMessage, ServiceRequestResponse } from './inbound-message';

export interface ProcessedMessage {
  status: number;
  answer: Bundle;
}

interface StoredMessage {
  fingerprint: string;
  status: number | null;
  answer: Bundle | null;
}

/** A request makes a few reads and one workflow Update, each bounded: a claim older than this many Update deadlines was abandoned. */
const ABANDONED_AFTER_UPDATES = 3;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

@Injectable()
export class BarsMessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
    private readonly pathways: PathwayService,
    private readonly writes: FhirWritesService,
  ) {}

  async process(user: AuthenticatedUser, body: unknown): Promise<ProcessedMessage> {
    const message = readInboundMessage(body);
    // What the message asks, not its bytes: a resend with another timestamp is the same message.
    const fingerprint = sha256(JSON.stringify(message.asks));
    const earlier = await this.claim(user.org, message.messageId, fingerprint);
    if (earlier) return this.repeat(earlier, fingerprint, message.messageId);
    try {
      const resource = message.event === 'booking-request' ? await this.book(user, message) : await this.answer(user, message);
      const answer = processMessageAnswer({ answerId: randomUUID(), timestamp: new Date(), fhirBase: this.config.FHIR_BASE_URL, answering: message, resource });
      await this.dataSource.query(`UPDATE bars_messages SET status = 200, answer = $3 WHERE organisation_code = $1 AND message_id = $2`, [user.org, message.messageId, answer]);
      return { status: 200, answer };
    } catch (err) {
      // Refused or failed: nothing was kept, so the sender may correct it and send it again.
      await this.dataSource.query(`DELETE FROM bars_messages WHERE organisation_code = $1 AND message_id = $2 AND status IS NULL`, [user.org, message.messageId]);
      throw err;
    }
  }

  /**
   * Claims the message id for this message; the earlier one's row when the id was already used.
   * A claim left unanswered longer than any request lasts (its process stopped mid-way) is taken
   * over, so a message is never refused as in progress for ever.
   */
  private async claim(org: string, messageId: string, fingerprint: string): Promise<StoredMessage | null> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO bars_messages (organisation_code, message_id, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_code, message_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, received_at = now()
         WHERE bars_messages.status IS NULL AND bars_messages.received_at < now() - make_interval(secs => $4)
       RETURNING message_id`,
      [org, messageId, fingerprint, this.config.UPDATE_TIMEOUT_SECONDS * ABANDONED_AFTER_UPDATES],
    );
    if (inserted.length > 0) return null;
    const [row] = (await this.dataSource.query(`SELECT fingerprint, status, answer FROM bars_messages WHERE organisation_code = $1 AND message_id = $2`, [org, messageId])) as StoredMessage[];
    // Gone between the two statements (the first was refused): the sender may send it again.
    if (!row) throw new DomainError('requestInProgress', `Message ${messageId} is being processed: send it again in a moment`);
    return row;
  }

  private repeat(earlier: StoredMessage, fingerprint: string, messageId: string): ProcessedMessage {
    if (earlier.fingerprint !== fingerprint) throw new DomainError('messageDuplicate', `Message ${messageId} was received before with a different content: a new message needs a new MessageHeader id`);
    if (earlier.status === null || earlier.answer === null) throw new DomainError('requestInProgress', `Message ${messageId} is being processed: send it again in a moment`);
    return { status: earlier.status, answer: earlier.answer };
  }

  /** The referral's open acceptance step, accepted or declined as the service answered. */
  private async answer(user: AuthenticatedUser, message: ServiceRequestResponse): Promise<Task> {
    const pathway = await this.pathways.findVisible(user, message.referralId);
    const acceptance = await this.dataSource
      .getRepository(TaskEntity)
      .findOne({ where: { pathwayId: pathway.id, type: 'referral-acceptance', state: 'open' }, order: { issuedAt: 'DESC' } });
    if (!acceptance) throw new DomainError('taskNotOpen', 'The referral is not waiting for an answer: it was answered already, or has not been sent');
    return this.writes.changeTask(user, acceptance.id, undefined, () => ({ status: message.answer, reason: message.reason }), operationOf(user, message));
  }

  /** The referral's first appointment, booked as the service's message says. */
  private book(user: AuthenticatedUser, message: BookingMessage): Promise<Appointment> {
    return this.writes.book(user, message.appointment, operationOf(user, message));
  }
}

/** The Update id is the message's, so a retry after a crash cannot act twice. */
function operationOf(user: AuthenticatedUser, message: { messageId: string }): string {
  return sha256(`bars\n${user.org}\n${message.messageId}`);
}
