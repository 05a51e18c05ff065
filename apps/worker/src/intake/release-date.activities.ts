/**
 * The release-date activities (workflows/intake): read one person from Prisoner Search and
 * apply a changed release date to their open pathway, as the API's "change release date" does
 * (the same workflow Update, so the same date rules: a past date is a fact, the non-Friday
 * rule), with the reason "recalculated in NOMIS", audited as the HMPPS system. What cannot be
 * applied automatically becomes a review item. And the nightly walk over every open pathway.
 * Only pathway ids and counts go back to Temporal; the prison number is read here, from PostgreSQL.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { decideReleaseDate, londonDateOf, readReleaseDate, RECALCULATED_IN_NOMIS, ReleaseDateType } from '@throughcare/domain';
import type { ReviewItemKind } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import type { ReconciliationSummary, ReleaseDateActivities, ReleaseDateCheckOutcome, ReleaseDateReconciliationInput } from '@throughcare/workflows/intake';
import { changeReleaseDateUpdate, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { intakeMetrics } from './intake-metrics';
import { PRISONER_SEARCH, type PrisonerSearch, PrisonerSearchUnavailable } from './prisoner-search';
import { addReviewItem } from './review-items';
import { auditSystemChange, HMPPS_ACTOR } from './system-audit';

/** Pathways the reconciliation takes from PostgreSQL at a time. */
const PAGE = 200;
const NO_PATHWAY = '00000000-0000-0000-0000-000000000000';

interface CheckedPathway {
  id: string;
  prisonNumber: string;
  prisonCode: string;
  releaseDate: string;
  releaseDateType: string;
  open: boolean;
}

type Progress = { after: string; summary: ReconciliationSummary };
const noneYet = (): ReconciliationSummary => ({ changed: 0, unchanged: 0, 'no-date': 0, review: 0, 'not-open': 0, unavailable: 0, failed: 0 });
/** Reads in a row that find Prisoner Search unavailable before the reconciliation stops and is tried again later (visibly). */
const UNAVAILABLE_IN_A_ROW = 20;

@Injectable()
export class ReleaseDateActivitiesService {
  private readonly logger = new Logger(ReleaseDateActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
    @Inject(PRISONER_SEARCH) private readonly search: PrisonerSearch,
  ) {}

  activities(): ReleaseDateActivities {
    return {
      checkReleaseDate: ({ pathwayId, key }) => this.check(pathwayId, key, 'review'),
      reconcileReleaseDates: (input) => this.reconcile(input),
    };
  }

  /**
   * @param whenUnavailable what Prisoner Search being unavailable makes: a review item (after an
   *   event, a person must know the date may be stale), or nothing (the reconciliation, which an
   *   outage would otherwise turn into a review item for every open pathway).
   */
  async check(pathwayId: string, key: string, whenUnavailable: 'review' | 'nothing'): Promise<ReleaseDateCheckOutcome> {
    const outcome = await this.checkOnce(pathwayId, key, whenUnavailable);
    intakeMetrics.releaseDateChecks().inc({ outcome });
    return outcome;
  }

  private async checkOnce(pathwayId: string, key: string, whenUnavailable: 'review' | 'nothing'): Promise<ReleaseDateCheckOutcome> {
    const [pathway] = (await this.dataSource.query(
      `SELECT p.id, pp.prison_number AS "prisonNumber", p.prison_code AS "prisonCode",
              to_char(p.release_date, 'YYYY-MM-DD') AS "releaseDate", p.release_date_type AS "releaseDateType",
              (p.status = 'active' AND p.released_on IS NULL) AS open
         FROM pathways p JOIN pathway_people pp ON pp.pathway_id = p.id
        WHERE p.id = $1`,
      [pathwayId],
    )) as CheckedPathway[];
    if (!pathway?.open) return 'not-open';
    let lookup;
    try {
      lookup = await this.search.releaseDates(pathway.prisonNumber);
    } catch (err) {
      if (!(err instanceof PrisonerSearchUnavailable)) throw err;
      this.logger.warn({ pathwayId, problem: err.message }, 'Prisoner Search could not be read');
      return whenUnavailable === 'review' ? this.review(pathway, 'prisoner-search-unavailable') : 'unavailable';
    }
    if (!lookup.found) return this.review(pathway, 'not-in-prisoner-search');
    const decision = decideReleaseDate(pathway, readReleaseDate(lookup.dates));
    if (decision.action === 'none') return decision.why;
    if (decision.action === 'review') return this.review(pathway, 'release-date-unmatched');
    return this.apply(pathway, decision, key);
  }

  /** The API's own release-date change, sent as the HMPPS system; the same date twice changes nothing. */
  private async apply(pathway: CheckedPathway, date: { releaseDate: string; releaseDateType: ReleaseDateType }, key: string): Promise<ReleaseDateCheckOutcome> {
    const client = await this.temporal.client();
    const correlationId = `hmpps:${key}`;
    const change = { ...date, reason: RECALCULATED_IN_NOMIS, actor: { sub: HMPPS_ACTOR, org: pathway.prisonCode }, correlationId };
    // The Update's id is the check's, so a retried activity is answered with the first result.
    const updateId = `hmpps-date-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    try {
      await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () =>
        client.workflow.getHandle(pathwayWorkflowId(pathway.id)).executeUpdate(changeReleaseDateUpdate, { args: [change], updateId }),
      );
    } catch (err) {
      const rule = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      // Released or closed since the read: the date no longer matters.
      if (rule === 'AlreadyReleased' || rule === 'PathwayClosed') return 'not-open';
      // A date the rules refuse (outside the dates Throughcare can plan with): a person decides.
      if (rule === 'InvalidEvent') return this.review(pathway, 'release-date-unmatched');
      throw err; // Temporal unreachable or busy: the activity is tried again
    }
    await auditSystemChange(this.dataSource, { action: 'pathway.release-date', pathwayId: pathway.id, org: pathway.prisonCode, target: `hmpps-date-check:${key}`, correlationId });
    return 'changed';
  }

  /** One item per pathway, kind and day, however many reads fail that day. */
  private async review(pathway: CheckedPathway, kind: ReviewItemKind): Promise<ReleaseDateCheckOutcome> {
    const now = new Date();
    const messageId = `date-check:${pathway.id}:${kind}:${londonDateOf(now)}`;
    await this.dataSource.transaction(async (tx) => {
      if (await addReviewItem(tx, { pathwayId: pathway.id, kind, occurredAt: now, prisonCode: pathway.prisonCode, messageId })) {
        await auditSystemChange(tx, { action: 'intake.review-item', pathwayId: pathway.id, org: pathway.prisonCode, target: `hmpps-date-check:${messageId}`, correlationId: `hmpps:${messageId}` });
      }
    });
    return 'review';
  }

  /**
   * Every open, not-yet-released pathway (of one prison, when named), by id, `concurrency` reads
   * at a time. Progress is heartbeated, so a retry after a worker dies resumes at its page. One
   * pathway's failure is logged (by id) and counted, and the walk goes on; Prisoner Search
   * unavailable for UNAVAILABLE_IN_A_ROW reads in a row ends this try, to be tried again from here.
   */
  async reconcile(input: ReleaseDateReconciliationInput & { key: string }): Promise<ReconciliationSummary> {
    const context = Context.current();
    const resumed = context.info.heartbeatDetails as Progress | undefined;
    let after = resumed?.after ?? NO_PATHWAY;
    const summary = resumed?.summary ?? noneYet();
    let unavailableInARow = 0;
    for (;;) {
      const page = (await this.dataSource.query(
        `SELECT id FROM pathways
          WHERE status = 'active' AND released_on IS NULL AND id > $1 AND ($2::text IS NULL OR prison_code = $2)
          ORDER BY id LIMIT $3`,
        [after, input.prisonCode ?? null, PAGE],
      )) as Array<{ id: string }>;
      if (page.length === 0) return summary;
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < page.length) {
          const { id } = page[next++];
          if (unavailableInARow >= UNAVAILABLE_IN_A_ROW) return;
          const outcome = await this.check(id, `${input.key}/${id}`, 'nothing').catch((err: unknown) => {
            this.logger.warn({ pathwayId: id, err: err instanceof Error ? err.name : 'unknown error' }, 'a pathway could not be reconciled');
            return 'failed' as const;
          });
          unavailableInARow = outcome === 'unavailable' ? unavailableInARow + 1 : 0;
          summary[outcome]++;
          context.heartbeat({ after, summary } satisfies Progress);
        }
      };
      await Promise.all(Array.from({ length: Math.min(input.concurrency, page.length) }, lane));
      if (unavailableInARow >= UNAVAILABLE_IN_A_ROW) throw new PrisonerSearchUnavailable(UNAVAILABLE_IN_A_ROW, 'the reconciliation stopped');
      after = page[page.length - 1].id;
      context.heartbeat({ after, summary } satisfies Progress);
    }
  }
}
