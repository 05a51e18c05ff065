/**
 * Consumes HMPPS domain events from the SQS queue subscribed to `hmpps-domain-events`: long
 * polling, each message hidden from other consumers while it is handled, deleted only once its
 * effect is durable (IntakeService). A message that cannot be read is put aside at once; one
 * whose handling keeps failing is put aside after HMPPS_EVENTS_MAX_RECEIVES receives. Put aside
 * means sent to HMPPS_EVENTS_DLQ_URL and deleted, or, with no such queue, left to the queue's
 * redrive policy. Each is counted and logged by reason, never with the body or a person.
 * HMPPS_EVENTS_POLLERS lanes receive at once: a lane waits for the slowest message of its batch.
 * Runs only when HMPPS_EVENTS_QUEUE_URL is set.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Config } from '@throughcare/config';
import { parseHmppsMessage } from './hmpps-event';
import { IntakeAttemptFailed, IntakeService } from './intake.service';
import { intakeMetrics } from './intake-metrics';
import { IntakeTally } from './intake-tally';

const BATCH = 10;
/** The pause after a receive fails (the queue unreachable), so a dead endpoint is not spun on. */
const BACKOFF_MS = 1_000;

/** goaws speaks only the AWS query protocol; real SQS speaks both (the SDK's default is JSON). */
export function sqsClient(config: Config): SQSClient {
  const query = new AwsQueryProtocol({ defaultNamespace: 'com.amazonaws.sqs', xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/', version: '2012-11-05' });
  return new SQSClient({ region: config.AWS_REGION, endpoint: config.HMPPS_EVENTS_ENDPOINT, ...(config.HMPPS_EVENTS_PROTOCOL === 'query' ? { protocol: query } : {}) });
}

@Injectable()
export class HmppsEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HmppsEventsConsumer.name);
  private sqs?: SQSClient;
  private running?: Promise<void>;
  private readonly stop = new AbortController();

  constructor(
    @Inject(Config) private readonly config: Config,
    private readonly intake: IntakeService,
    private readonly tally: IntakeTally,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.HMPPS_EVENTS_QUEUE_URL) return;
    this.sqs = sqsClient(this.config);
    const queueUrl = this.config.HMPPS_EVENTS_QUEUE_URL;
    this.running = Promise.all(Array.from({ length: this.config.HMPPS_EVENTS_POLLERS }, () => this.poll(queueUrl))).then(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
    this.sqs?.destroy();
  }

  private async poll(queueUrl: string): Promise<void> {
    while (!this.stop.signal.aborted) {
      let messages: Message[];
      try {
        const received = await this.sqs!.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: BATCH,
            WaitTimeSeconds: this.config.HMPPS_EVENTS_WAIT_SECONDS,
            VisibilityTimeout: this.config.HMPPS_EVENTS_VISIBILITY_SECONDS,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: this.stop.signal },
        );
        messages = received.Messages ?? [];
      } catch (err) {
        if (this.stop.signal.aborted) return;
        this.logger.warn({ err: errorName(err) }, 'could not receive HMPPS events; trying again');
        await new Promise((r) => setTimeout(r, BACKOFF_MS));
        continue;
      }
      // Messages of one batch are handled together: the inbox keeps two of one movement apart.
      await Promise.all(messages.map((m) => this.handle(queueUrl, m)));
    }
  }

  private async handle(queueUrl: string, message: Message): Promise<void> {
    const parsed = parseHmppsMessage(message.Body ?? '');
    if (!parsed.ok) return this.putAside(queueUrl, message, parsed.refusal);
    try {
      const outcome = await this.intake.handle(parsed.event);
      if (outcome === 'unknown-person') intakeMetrics.unknownPeople().inc();
      await this.tally.count(parsed.event.eventType, outcome);
      intakeMetrics.handled().inc({ outcome });
      await this.delete(queueUrl, message);
    } catch (err) {
      // SQS counts receives; the inbox counts tries at the effect (for a queue that does not count).
      const receives = Math.max(Number(message.Attributes?.ApproximateReceiveCount ?? 1), err instanceof IntakeAttemptFailed ? err.attempts : 0);
      this.logger.warn({ err: errorName(err instanceof IntakeAttemptFailed ? err.cause : err), sqsMessageId: message.MessageId, receives }, 'an HMPPS event could not be handled yet');
      if (receives >= this.config.HMPPS_EVENTS_MAX_RECEIVES) return this.putAside(queueUrl, message, 'kept-failing', parsed.event.eventType);
      // Left on the queue, it comes back after a pause that grows with each try.
      const pause = Math.min(this.config.HMPPS_EVENTS_VISIBILITY_SECONDS, 2 ** receives);
      await this.sqs!.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: pause })).catch(() => undefined);
    }
  }

  private async putAside(queueUrl: string, message: Message, reason: string, eventType?: string): Promise<void> {
    await this.tally.putAside(message.MessageId, reason, eventType);
    await this.tally.count(eventType, 'put-aside');
    intakeMetrics.putAside().inc({ reason });
    intakeMetrics.handled().inc({ outcome: 'put-aside' });
    this.logger.warn({ reason, sqsMessageId: message.MessageId }, 'an HMPPS event message was put aside');
    const dlq = this.config.HMPPS_EVENTS_DLQ_URL;
    if (!dlq) return; // the queue's redrive policy moves it after its receives
    try {
      await this.sqs!.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: message.Body ?? '' }));
      await this.delete(queueUrl, message);
    } catch (err) {
      this.logger.warn({ err: errorName(err), sqsMessageId: message.MessageId }, 'could not move an HMPPS event message to the dead-letter queue; it stays on the queue');
    }
  }

  private async delete(queueUrl: string, message: Message): Promise<void> {
    await this.sqs!.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}

/** An error's name and message only: never a body, which may name a person. */
function errorName(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : 'unknown error';
}
