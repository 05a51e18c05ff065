/**
 * What one HMPPS domain event does, exactly once. The inbox row is claimed first (by SNS
 * MessageId and by the movement's business key), then the effect is made (an Update to the
 * pathway's workflow, whose id is the message's, so a retry after a crash is answered with the
 * first result), then the row is completed with its audit entry in one transaction. Only then
 * may the consumer delete the message. Nothing is written for a person with no open pathway.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { Config } from '@throughcare/config';
import { asksForReleaseDateCheck, decideMovement, londonDateOf, MovementDecision, movementKey, receivedEffect, releaseKind, ReviewKind, staleness } from '@throughcare/domain';
import { InboxOutcome } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import { ReleaseDateCheckInput, releaseDateCheckWorkflowId, releaseDatesChangedSignal } from '@throughcare/workflows/intake';
import { PathwayView, pathwayWorkflowId, recordReleaseUpdate, returnToCustodyUpdate, transferUpdate } from '@throughcare/workflows/pathway';
import { UpdateDefinition } from '@temporalio/common';
import { HmppsEvent } from './hmpps-event';
import { addReviewItem } from './review-items';
import { auditSystemChange, HMPPS_ACTOR } from './system-audit';

export { HMPPS_ACTOR };


/** The effect could not be made yet (Temporal unreachable, the pathway stopped); the message is tried again. */
export class IntakeAttemptFailed extends Error {
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`attempt ${attempts} failed: ${cause instanceof Error ? cause.name : 'unknown error'}`, { cause });
    this.name = 'IntakeAttemptFailed';
  }
}

/** What became of a message, for the metric; none of these name a person. */
export type Handled = InboxOutcome | 'ignored' | 'unknown-person' | 'date-check-due';

interface OpenPathway {
  id: string;
  prisonCode: string;
  registeredAt: Date;
  releaseDay: string;
  releasedOn: string | null;
}

const OPEN_PATHWAY = `
  SELECT p.id, p.prison_code AS "prisonCode", p.registered_at AS "registeredAt",
         to_char(coalesce(p.expected_release_date, p.release_date), 'YYYY-MM-DD') AS "releaseDay",
         to_char(p.released_on, 'YYYY-MM-DD') AS "releasedOn"
    FROM pathways p JOIN pathway_people pp ON pp.pathway_id = p.id
   WHERE pp.prison_number = $1 AND p.status = 'active'
   ORDER BY p.registered_at DESC
   LIMIT 1`;

type Movement = Parameters<typeof movementKey>[1];
type Effect =
  | { kind: 'none' }
  | { kind: 'report' | 'release' | 'in-custody'; movement: Movement }
  | { kind: 'review'; movement: Movement; review: ReviewKind; prisonLeft?: string; toPrison?: string }
  | { kind: 'return-to-custody'; movement: Movement; reason: string }
  | { kind: 'transfer'; movement: Movement; toPrison: string };

/** The rule a pathway's workflow refused an Update by, if it refused it. */
function refusedBy(err: unknown): string | undefined {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined;
}

@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  async handle(event: HmppsEvent): Promise<Handled> {
    if (asksForReleaseDateCheck(event.eventType, event.categoriesChanged)) return this.releaseDatesChanged(event);
    const decision = decideMovement({
      eventType: event.eventType,
      reason: event.info.reason,
      nomisMovementReasonCode: event.info.nomisMovementReasonCode,
      currentLocation: event.info.currentLocation,
      prisonId: event.info.prisonId,
    });
    if (decision.action === 'none' || !event.prisonNumber) return 'ignored';
    const [pathway] = (await this.dataSource.query(OPEN_PATHWAY, [event.prisonNumber])) as OpenPathway[];
    if (!pathway) return 'unknown-person';

    const effect = await this.effectOf(decision, pathway);
    if (effect.kind === 'none') return 'ignored';
    const stale = staleness(event.occurredAt, pathway.registeredAt, await this.lastMovementAt(pathway.id));
    if (stale) {
      await this.record(event, pathway.id, null, stale === 'historic' ? 'historic' : 'out-of-order');
      return stale === 'historic' ? 'historic' : 'out-of-order';
    }
    const day = londonDateOf(event.occurredAt);
    const attempts = await this.claim(event, pathway.id, movementKey(pathway.id, effect.movement, day));
    if (attempts === undefined) return 'duplicate';
    const failed = (err: unknown) => Promise.reject(new IntakeAttemptFailed(attempts, err));

    switch (effect.kind) {
      case 'report':
        return this.complete(event, 'reported');
      case 'in-custody':
        return this.complete(event, 'in-custody');
      case 'review':
        return this.review(event, pathway, effect.review, effect.prisonLeft, effect.toPrison);
      case 'release':
        return this.release(event, pathway, day, attempts).catch(failed);
      case 'return-to-custody':
        return this.apply(event, pathway, returnToCustodyUpdate, { on: day, reason: effect.reason }, 'pathway.returned-to-custody', event.info.prisonId ?? pathway.prisonCode).catch(failed);
      case 'transfer':
        return this.apply(event, pathway, transferUpdate, { prisonCode: effect.toPrison }, 'pathway.transfer', effect.toPrison).catch(failed);
    }
  }

  /** What the movement does to this pathway, and the movement its business key names. */
  private async effectOf(decision: Exclude<MovementDecision, { action: 'none' }>, pathway: OpenPathway): Promise<Effect> {
    switch (decision.action) {
      case 'report':
        return { kind: 'report', movement: 'release-reported' };
      case 'release':
        return { kind: 'release', movement: 'released' };
      case 'review':
        return { kind: 'review', movement: decision.kind, review: decision.kind };
      case 'admission':
      case 'transfer': {
        const known = decision.action === 'transfer' && (await this.isKnownPrison(decision.toPrison));
        const received = receivedEffect(decision, { released: pathway.releasedOn !== null, prisonCode: pathway.prisonCode }, () => known);
        switch (received.effect) {
          case 'none':
            return { kind: 'none' };
          case 'in-custody':
            return { kind: 'in-custody', movement: 'in-custody' };
          case 'return-to-custody':
            return { kind: 'return-to-custody', movement: 'returned-to-custody', reason: received.reason };
          case 'transfer':
            return { kind: 'transfer', movement: `transferred-to-${received.toPrison}`, toPrison: received.toPrison };
          case 'review':
            // The prison the person left is the pathway's; the event names the one they reached.
            return { kind: 'review', movement: `transferred-to-${received.toPrison}`, review: received.kind, prisonLeft: pathway.prisonCode, toPrison: received.toPrison };
        }
      }
    }
  }

  private async isKnownPrison(code: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM organisations WHERE code = $1 AND type = 'prison'`, [code])) as unknown[];
    return rows.length > 0;
  }

  /**
   * Sends one pathway event (return to custody, transfer) as an Update whose id is the
   * message's, then completes the claim with its audit entry.
   */
  private async apply<Arg extends object>(
    event: HmppsEvent,
    pathway: OpenPathway,
    update: UpdateDefinition<PathwayView, [Arg & { actor: { sub: string; org: string }; correlationId?: string }]>,
    arg: Arg,
    action: string,
    org: string,
  ): Promise<Handled> {
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(pathwayWorkflowId(pathway.id));
    const full = { ...arg, actor: { sub: HMPPS_ACTOR, org }, correlationId: `hmpps:${event.messageId}` };
    try {
      await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () => handle.executeUpdate(update, { args: [full], updateId: `hmpps-${event.messageId}` }));
    } catch (err) {
      const rule = refusedBy(err);
      // Closed by hand meanwhile, or a change the pathway cannot take: nothing more will change that.
      if (rule === 'PathwayClosed' || rule === 'InvalidEvent' || rule === 'AlreadyReleased') return this.complete(event, 'refused');
      throw err;
    }
    return this.complete(event, 'applied', { action, pathwayId: pathway.id, org });
  }

  private async release(event: HmppsEvent, pathway: OpenPathway, day: string, attempts: number): Promise<Handled> {
    // Recorded by hand already (the confirmed event comes 45 to 60 minutes after the movement).
    // Not on a later attempt: a worker that died after its Update may have released it itself,
    // and the same Update id answers with that first result, so it is completed as applied, audited.
    if (pathway.releasedOn && attempts === 1) return this.complete(event, 'already-released');
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(pathwayWorkflowId(pathway.id));
    const arg = {
      releasedOn: day,
      kind: releaseKind(day, pathway.releaseDay),
      actor: { sub: HMPPS_ACTOR, org: event.info.prisonId ?? pathway.prisonCode },
      correlationId: `hmpps:${event.messageId}`,
    };
    try {
      await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () =>
        handle.executeUpdate(recordReleaseUpdate, { args: [arg], updateId: `hmpps-${event.messageId}` }),
      );
    } catch (err) {
      const rule = refusedBy(err);
      // Released by hand between the read above and the Update: the release stands, once.
      if (rule === 'AlreadyReleased') return this.complete(event, 'already-released');
      // The workflow refused it (closed, or a date it cannot take): nothing more will change that.
      if (rule === 'PathwayClosed' || rule === 'InvalidEvent') return this.complete(event, 'refused');
      throw err; // Temporal unreachable or busy: the message comes back and is tried again
    }
    return this.complete(event, 'applied', { action: 'pathway.released', pathwayId: pathway.id, org: arg.actor.org });
  }

  /**
   * A release date may have changed: the pathway's debounce workflow is started, or joined, by
   * signal-with-start (workflows/intake). Nothing is written here, and nothing at all for a person
   * Throughcare does not know or has seen released.
   */
  private async releaseDatesChanged(event: HmppsEvent): Promise<Handled> {
    if (!event.prisonNumber) return 'ignored';
    const [pathway] = (await this.dataSource.query(OPEN_PATHWAY, [event.prisonNumber])) as OpenPathway[];
    if (!pathway) return 'unknown-person';
    if (pathway.releasedOn) return 'ignored';
    const client = await this.temporal.client();
    await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () =>
      client.workflow.signalWithStart('releaseDateCheckWorkflow', {
        workflowId: releaseDateCheckWorkflowId(pathway.id),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [{ pathwayId: pathway.id, debounceSeconds: this.config.INTAKE_DEBOUNCE_SECONDS } satisfies ReleaseDateCheckInput],
        signal: releaseDatesChangedSignal,
        signalArgs: [],
      }),
    );
    return 'date-check-due';
  }

  private review(event: HmppsEvent, pathway: OpenPathway, kind: ReviewKind, prisonLeft?: string, toPrisonCode?: string): Promise<Handled> {
    const prisonCode = prisonLeft ?? event.info.prisonId ?? pathway.prisonCode;
    return this.complete(event, 'review', { action: 'intake.review-item', pathwayId: pathway.id, org: prisonCode }, async (tx) => {
      await addReviewItem(tx, { pathwayId: pathway.id, kind, occurredAt: event.occurredAt, prisonCode, messageId: event.messageId, toPrisonCode });
    });
  }

  /** The last movement the pathway took: one applied, or an admission it never saw the person leave before. */
  private async lastMovementAt(pathwayId: string): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(`SELECT max(occurred_at) AS at FROM intake_inbox WHERE pathway_id = $1 AND outcome IN ('applied', 'in-custody')`, [pathwayId])) as Array<{ at: Date | null }>;
    return row?.at ?? undefined;
  }

  /**
   * Takes the message and its movement, answering the attempt's number, or undefined when they
   * are taken already. A message that finds its own claim still open is a redelivery after a
   * failure or a crash: it goes on (the Update's id makes the effect once), counted.
   */
  private async claim(event: HmppsEvent, pathwayId: string, businessKey: string): Promise<number | undefined> {
    const inserted = (await this.dataSource.query(
      `INSERT INTO intake_inbox (message_id, business_key, pathway_id, event_type, occurred_at, outcome, prison_code)
       VALUES ($1, $2, $3, $4, $5, 'claimed', $6) ON CONFLICT DO NOTHING RETURNING attempts`,
      [event.messageId, businessKey, pathwayId, event.eventType, event.occurredAt, event.info.prisonId ?? null],
    )) as Array<{ attempts: number }>;
    if (inserted.length > 0) return inserted[0].attempts;
    const [[again]] = (await this.dataSource.query(
      `UPDATE intake_inbox SET attempts = attempts + 1 WHERE message_id = $1 AND outcome = 'claimed' RETURNING attempts`,
      [event.messageId],
    )) as [Array<{ attempts: number }>, number];
    return again?.attempts;
  }

  /** An inbox row for a message that claims no movement (historic, out of order). */
  private async record(event: HmppsEvent, pathwayId: string, businessKey: string | null, outcome: InboxOutcome): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO intake_inbox (message_id, business_key, pathway_id, event_type, occurred_at, outcome, completed_at, prison_code)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7) ON CONFLICT DO NOTHING`,
      [event.messageId, businessKey, pathwayId, event.eventType, event.occurredAt, outcome, event.info.prisonId ?? null],
    );
  }

  /** Completes the claim, with its audit entry and any other write, in one transaction. */
  private async complete(
    event: HmppsEvent,
    outcome: InboxOutcome,
    audit?: { action: string; pathwayId: string; org: string },
    alsoWrite?: (tx: EntityManager) => Promise<void>,
  ): Promise<Handled> {
    await this.dataSource.transaction(async (tx) => {
      await alsoWrite?.(tx);
      // A second consumer holding the same message (its visibility ran out) completes nothing twice.
      const [, completed] = (await tx.query(
        `UPDATE intake_inbox SET outcome = $2, completed_at = now() WHERE message_id = $1 AND outcome = 'claimed'`,
        [event.messageId, outcome],
      )) as [unknown, number];
      if (audit && completed > 0) {
        await auditSystemChange(tx, { ...audit, target: `hmpps-message:${event.messageId}`, correlationId: `hmpps:${event.messageId}` });
      }
    });
    return outcome;
  }
}
