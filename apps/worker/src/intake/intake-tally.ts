/**
 * What the admin view (GET /v1/intake/events) reads: messages counted by day, event type and
 * outcome, and the messages put aside with their reason and SQS id. Never a body or a person:
 * an event type outside the ones Throughcare reads is counted as `other`, so a sender cannot fill
 * the table with names of its own. Counting is after the fact: a failure to count is logged,
 * never allowed to hold a message whose effect is already durable.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONFIRMED_RELEASE_EVENT, londonDateOf, RECEIVED_EVENT, REPORTED_RELEASE_EVENT } from '@throughcare/domain';

const COUNTED = new Set([CONFIRMED_RELEASE_EVENT, REPORTED_RELEASE_EVENT, RECEIVED_EVENT]);

/** The event type as counted: one Throughcare reads, or `other`. */
export function countedEventType(eventType: string | undefined): string {
  if (eventType === undefined) return 'unreadable';
  return COUNTED.has(eventType) ? eventType : 'other';
}

@Injectable()
export class IntakeTally {
  private readonly logger = new Logger(IntakeTally.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async count(eventType: string | undefined, outcome: string, at = new Date()): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO intake_event_counts (day, event_type, outcome, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (day, event_type, outcome) DO UPDATE SET count = intake_event_counts.count + 1`,
        [londonDateOf(at), countedEventType(eventType), outcome],
      )
      .catch((err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message.slice(0, 200) : 'unknown error' }, 'could not count an HMPPS event message'));
  }

  async putAside(sqsMessageId: string | undefined, reason: string, eventType: string | undefined): Promise<void> {
    await this.dataSource
      .query(`INSERT INTO intake_put_aside (sqs_message_id, reason, event_type) VALUES ($1, $2, $3)`, [sqsMessageId?.slice(0, 100) ?? null, reason, countedEventType(eventType)])
      .catch((err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message.slice(0, 200) : 'unknown error' }, 'could not note a message put aside'));
  }
}
