/**
 * HMPPS domain events for tests, in the shape HMPPS publishes them, sent through the run's real
 * goaws (scripts/test.mts). Each suite publishes to a topic of its own with a queue of its own
 * subscribed, so no other suite's worker takes (or even sees) its messages when files run side by
 * side, and has a dead-letter queue of its own to see what is put aside.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { register } from 'prom-client';
import { loadConfig } from '@throughcare/config';
import { sqsClient } from '../../apps/worker/src/intake/hmpps-events.consumer';

const endpoint = () => process.env.HMPPS_EVENTS_ENDPOINT!;
/** This test file's topic, made by subscribedQueue (module state is per file under jest). */
let suiteTopicArn: string | undefined;
const topicArn = () => {
  if (!suiteTopicArn) throw new Error('subscribedQueue() makes the topic to publish to: call it first');
  return suiteTopicArn;
};

export interface EventsQueue {
  queueUrl: string;
  dlqUrl: string;
  sqs: SQSClient;
}

export async function subscribedQueue(): Promise<EventsQueue> {
  const sqs = sqsClient(loadConfig());
  const name = `intake-${randomUUID()}`;
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  ({ TopicArn: suiteTopicArn } = await sns().send(new CreateTopicCommand({ Name: `hmpps-domain-events-${name}` })));
  await sns().send(new SubscribeCommand({ TopicArn: topicArn(), Protocol: 'sqs', Endpoint: Attributes!.QueueArn, Attributes: { RawMessageDelivery: 'false' } }));
  return { queueUrl: local(queueUrl!), dlqUrl: local(dlqUrl!), sqs };
}

/** goaws names its queues by its Host and region; the path is what it routes by. */
function local(url: string): string {
  return `${endpoint()}${url.replace(/^[a-z]+:\/\/[^/]*/, "")}`;
}

let snsClient: SNSClient | undefined;
function sns(): SNSClient {
  snsClient ??= new SNSClient({ region: 'eu-west-2', endpoint: endpoint() });
  return snsClient;
}

export interface Movement {
  reason?: string;
  code?: string;
  prisonId?: string;
  currentLocation?: string;
  occurredAt?: Date;
}

/** `prison-offender-events.prisoner.released`, as HMPPS publishes it. */
export function confirmedRelease(nomsNumber: string, m: Movement = {}): Record<string, unknown> {
  const occurredAt = (m.occurredAt ?? new Date()).toISOString();
  return {
    eventType: 'prison-offender-events.prisoner.released',
    version: 1,
    occurredAt,
    publishedAt: new Date().toISOString(),
    description: 'A prisoner has been released from prison',
    additionalInformation: {
      nomsNumber,
      reason: m.reason ?? 'RELEASED',
      details: 'Movement reason code CR',
      currentLocation: m.currentLocation ?? 'OUTSIDE_PRISON',
      prisonId: m.prisonId ?? 'LEI',
      nomisMovementReasonCode: m.code ?? 'CR',
      currentPrisonStatus: 'NOT_UNDER_PRISON_CARE',
    },
    personReference: { identifiers: [{ type: 'NOMS', value: nomsNumber }] },
  };
}

/** `prisoner-offender-search.prisoner.released`: the same movement, seen at once. */
export function reportedRelease(nomsNumber: string, m: Movement = {}): Record<string, unknown> {
  return {
    eventType: 'prisoner-offender-search.prisoner.released',
    version: 1,
    occurredAt: (m.occurredAt ?? new Date()).toISOString(),
    description: 'A prisoner has been released',
    detailUrl: `https://prisoner-search.prison.service.justice.gov.uk/prisoner/${nomsNumber}`,
    additionalInformation: { nomsNumber, reason: m.reason ?? 'RELEASED', prisonId: m.prisonId ?? 'LEI' },
    personReference: { identifiers: [{ type: 'NOMS', value: nomsNumber }] },
  };
}

/** `prisoner-offender-search.prisoner.updated`, with the categories Prisoner Search says changed. */
export function searchUpdated(nomsNumber: string, categoriesChanged: string[] = ['SENTENCE']): Record<string, unknown> {
  return {
    eventType: 'prisoner-offender-search.prisoner.updated',
    version: 1,
    occurredAt: new Date().toISOString(),
    description: 'A prisoner record has been updated',
    detailUrl: `https://prisoner-search.prison.service.justice.gov.uk/prisoner/${nomsNumber}`,
    additionalInformation: { nomsNumber, categoriesChanged },
    personReference: { identifiers: [{ type: 'NOMS', value: nomsNumber }] },
  };
}

/** `prison-offender-events.prisoner.sentence-dates-changed`. */
export function sentenceDatesChanged(nomsNumber: string): Record<string, unknown> {
  return {
    eventType: 'prison-offender-events.prisoner.sentence-dates-changed',
    version: 1,
    occurredAt: new Date().toISOString(),
    description: "A prisoner's sentence dates have changed",
    additionalInformation: { nomsNumber, bookingId: '1200835' },
    personReference: { identifiers: [{ type: 'NOMS', value: nomsNumber }] },
  };
}

/** `calculate-release-dates.prisoner.changed`: keyed by `prisonerId`, with no personReference. */
export function calculationChanged(prisonerId: string): Record<string, unknown> {
  return {
    eventType: 'calculate-release-dates.prisoner.changed',
    version: 1,
    occurredAt: new Date().toISOString(),
    description: 'Prisoners release dates have been re-calculated',
    additionalInformation: { prisonerId, bookingId: '1200835' },
  };
}

/** Publishes to the topic as HMPPS does (the event type as a message attribute); answers the SNS MessageId. */
export async function publish(event: Record<string, unknown> | string, eventType = typeof event === 'string' ? undefined : (event.eventType as string)): Promise<string> {
  const { MessageId } = await sns().send(
    new PublishCommand({
      TopicArn: topicArn(),
      Message: typeof event === 'string' ? event : JSON.stringify(event),
      ...(eventType ? { MessageAttributes: { eventType: { DataType: 'String', StringValue: eventType } } } : {}),
    }),
  );
  return MessageId!;
}

/** Sends a body straight to the queue: a redelivery of one SNS message (same MessageId). */
export async function sendRaw(queue: EventsQueue, body: string): Promise<void> {
  await queue.sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: body }));
}

/** The SNS envelope as goaws delivers it, for sendRaw. */
export function envelope(messageId: string, event: Record<string, unknown>): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topicArn(),
    Message: JSON.stringify(event),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    MessageAttributes: { eventType: { Type: 'String', Value: event.eventType } },
  });
}

/** Bodies in the dead-letter queue so far (each read once). */
export async function deadLettered(queue: EventsQueue): Promise<string[]> {
  const { Messages } = await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (Messages ?? []).map((m) => m.Body ?? '');
}

/** A counter's value in this process (the workers run in the test process). */
export async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = register.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((sum, v) => sum + v.value, 0);
}

/** `prison-offender-events.prisoner.received`, as HMPPS publishes it: `prisonId` is the prison the person is now in. */
export function received(nomsNumber: string, m: Movement & { reason: 'ADMISSION' | 'TRANSFERRED' | 'RETURN_FROM_COURT' | 'TEMPORARY_ABSENCE_RETURN' }): Record<string, unknown> {
  return {
    eventType: 'prison-offender-events.prisoner.received',
    version: 1,
    occurredAt: (m.occurredAt ?? new Date()).toISOString(),
    publishedAt: new Date().toISOString(),
    description: 'A prisoner has been received into prison',
    additionalInformation: {
      nomsNumber,
      reason: m.reason,
      details: `Movement reason code ${m.code ?? 'N'}`,
      currentLocation: m.currentLocation ?? 'IN_PRISON',
      prisonId: m.prisonId ?? 'LEI',
      nomisMovementReasonCode: m.code ?? 'N',
      currentPrisonStatus: 'UNDER_PRISON_CARE',
    },
    personReference: { identifiers: [{ type: 'NOMS', value: nomsNumber }] },
  };
}

/**
 * A review item for a pathway, written as the worker writes one for a hospital movement, for
 * tests of the API around review items that need no queue (the access matrix).
 */
export async function reviewItemFor(pathwayId: string, prisonCode = 'LEI'): Promise<string> {
  const db = new DataSource({ type: 'postgres', url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
  await db.initialize();
  try {
    const [{ id }] = await db.query(
      `INSERT INTO intake_review_items (pathway_id, movement_kind, occurred_at, prison_code, message_id) VALUES ($1, 'hospital', now(), $2, $3) RETURNING id`,
      [pathwayId, prisonCode, randomUUID()],
    );
    return id as string;
  } finally {
    await db.destroy();
  }
}
