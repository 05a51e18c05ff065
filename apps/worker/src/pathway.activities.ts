/**
 * The pathway workflow's activities: the only writers of the pathway read model after
 * registration. Every write is idempotent: the pathway row and each task row are guarded by
 * the workflow-issued version, escalations and timeline events are keyed by workflow-issued
 * ids and inserted once, so retries and replays never duplicate or regress anything.
 * A snapshot is written by one statement (data-modifying CTEs): atomic without a
 * transaction, and one round trip, since every change to every pathway comes through here.
 *
 * A write that fails for a reason that retrying cannot cure (a value PostgreSQL cannot hold,
 * a constraint, a trigger's refusal) must not wedge the pathway, whose workflow waits for it:
 * it is written again with unstorable text replaced, then piece by piece, each piece in its
 * own savepoint, so escalations are stored even when a task row cannot be. What was left out
 * is recorded as a fault (ids and an SQLSTATE, nothing personal) and returned to the
 * workflow, which carries it again in its next write. A write that fails for a passing reason
 * (PostgreSQL away, a deadlock) is retried without limit: an outage delays, it never loses.
 *
 * Once the write has committed, the activity starts the delivery of each message it stored that
 * someone besides the inbox is to be told of (DeliveryStarter, through libs/temporal), so the
 * pathway's history holds nothing about deliveries. How no message is lost or sent twice:
 * the write answers with every deliverable message of the pathway that no delivery has planned
 * yet (`dispatched_at` empty), those stored by earlier writes included. If the starts fail
 * after the commit (Temporal briefly away), the activity fails to be retried; the retried write
 * stores nothing new but answers with the same messages, and starts them. So does the write
 * run again after a worker died between its commit and its starts (the workflow task is
 * retried). A start with the message's workflow id (`notification-<id>`) that Temporal has
 * seen before is refused and taken as done, so each is delivered once.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, QueryFailedError } from 'typeorm';
import { type FaultKind, type PreparedStatement, preparedStatement, queryPrepared } from '@throughcare/persistence';
import {
  snapshotItem,
  type PathwayActivities,
  type PathwayFailureRecord,
  type PathwaySnapshot,
  type PlannedEscalationRecord,
  type SnapshotWriteResult,
  type TextsRecord,
} from '@throughcare/workflows/pathway';
import { Config } from '@throughcare/config';
import { COMPLETED_TASK_URGENCY, ESCALATION_LEVELS, escalationUrgency, newTaskUrgency, OUTCOME_URGENCY, releaseUrgency } from '@throughcare/domain';
import { ESCALATION_RETURNING, EVENT_RETURNING, notificationStatements, TASK_RETURNING } from './notifications/notification-rows';
import { DeliveryStarter } from './notifications/delivery-starter';

@Injectable()
export class PathwayActivitiesService {
  private readonly logger = new Logger(PathwayActivitiesService.name);

  private readonly statements: SnapshotStatements;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) config: Config,
    private readonly deliveries: DeliveryStarter,
  ) {
    this.statements = snapshotStatements(config.NOTIFY_API_KEY !== undefined);
  }

  /** The activity functions, bound, as the worker registers them. */
  activities(): PathwayActivities {
    return {
      recordPathwaySnapshot: (snapshot) => this.recordPathwaySnapshot(snapshot),
      recordPathwayFailure: (failure) => this.recordPathwayFailure(failure),
      recordPathwayTexts: (record) => this.recordPathwayTexts(record),
    };
  }

  /** The pathway's texts, each row keeping the newest version the workflow gave it. */
  async recordPathwayTexts(record: TextsRecord): Promise<void> {
    try {
      await this.dataSource.query(TEXT_ROWS, [record.pathwayId, JSON.stringify(record.texts)]);
    } catch (err) {
      if (classifyDatabaseError(err) === 'transient') throw retryable(err);
      // Never retried for ever: the workflow owes the texts to its next write.
      throw ApplicationFailure.nonRetryable(`The texts could not be written (${err instanceof Error ? err.name : 'unknown'})`, 'TextsNotWritten');
    }
  }

  /**
   * Writes the snapshot whole and starts the deliveries of the messages it stored; returns what
   * it could not store (nothing when it stored it all).
   */
  async recordPathwaySnapshot(snapshot: PathwaySnapshot): Promise<SnapshotWriteResult> {
    let told: NotificationIdRow[];
    try {
      told = await queryPrepared(this.dataSource, this.statements.write, this.statements.write.parameters(snapshotValues(snapshot)));
    } catch (err) {
      if (classifyDatabaseError(err) === 'transient') throw retryable(err);
      return this.writeDespite(snapshot, err);
    }
    // Ids and counts only: the snapshot holds no personal data, and the log gets none of it.
    this.logger.log({
      correlationIds: snapshot.causes,
      pathwayId: snapshot.pathwayId,
      version: snapshot.version,
      tasks: snapshot.tasks.length,
      escalations: snapshot.escalations.map((e) => e.key),
      msg: 'read model written',
    });
    return this.handOn(snapshot, [], told);
  }

  /**
   * Starts the delivery of every message the committed write answered with (see the module's
   * comment), then answers the workflow. Starts Temporal did not take fail the activity, to be
   * retried: its retry answers with the same messages.
   */
  private async handOn(snapshot: PathwaySnapshot, unstored: string[], told: NotificationIdRow[]): Promise<SnapshotWriteResult> {
    try {
      await this.deliveries.start([...new Set(told.map((n) => n.id))]);
    } catch (err) {
      const cause = err instanceof Error ? err.name : 'unknown';
      this.logger.warn({ pathwayId: snapshot.pathwayId, version: snapshot.version, error: cause, messages: told.length, msg: 'the deliveries of messages stored could not be started; the write is retried' });
      throw ApplicationFailure.retryable(`The deliveries of the messages stored could not be started (${cause})`, 'DeliveryStartFailed');
    }
    return { unstored };
  }

  /** Marks the pathway failed: its status and a reason code, nothing else. */
  async recordPathwayFailure(failure: PathwayFailureRecord): Promise<void> {
    try {
      await this.dataSource.query(MARK_FAILED, [failure.pathwayId, failure.reason]);
    } catch (err) {
      if (classifyDatabaseError(err) === 'transient') throw retryable(err);
      throw ApplicationFailure.nonRetryable(`The pathway's failure could not be recorded (SQLSTATE ${sqlState(err)})`, 'PermanentDatabaseError');
    }
    this.logger.error({
      correlationId: failure.correlationId,
      pathwayId: failure.pathwayId,
      reason: failure.reason,
      error: failure.error,
      msg: 'pathway failed',
    });
  }

  /**
   * The fallbacks for a write that can never succeed as it is: first the same snapshot with
   * text PostgreSQL cannot hold replaced, then piece by piece. Either way a fault is recorded.
   */
  private async writeDespite(snapshot: PathwaySnapshot, first: unknown): Promise<SnapshotWriteResult> {
    const sqlstate = sqlState(first);
    const { value: storable, replaced } = withStorableText(snapshot);
    if (replaced > 0) {
      try {
        const { write } = this.statements;
        const told = await this.dataSource.transaction(async (tx) => {
          const rows = await queryPrepared<NotificationIdRow>(tx, write, write.parameters(snapshotValues(storable)));
          await recordFault(tx, snapshot, { kind: 'text-replaced', sqlstate, unstored: [] });
          return rows;
        });
        this.logFault(snapshot, 'text-replaced', sqlstate, []);
        return this.handOn(snapshot, [], told);
      } catch (err) {
        if (classifyDatabaseError(err) === 'transient') throw retryable(err);
      }
    }
    const { unstored, told } = await this.writePiecewise(storable, sqlstate);
    this.logFault(snapshot, unstored.length > 0 ? 'partly-stored' : 'stored-piecewise', sqlstate, unstored);
    return this.handOn(snapshot, unstored, told);
  }

  /**
   * The pathway row, each task, each escalation and each event in its own savepoint, and the
   * fault (with the SQLSTATE of the whole write's failure: its cause), in one transaction. An escalation whose task row could not be stored is stored
   * without the link rather than not at all: the organisations it tells must still be told.
   */
  private async writePiecewise(snapshot: PathwaySnapshot, sqlstate: string | undefined): Promise<{ unstored: string[]; told: NotificationIdRow[] }> {
    const { updatePathway, upsertTasks, insertEscalations, insertEvents, resolveFaults, writePlan, notHandedOn } = this.statements;
    const values = snapshotValues(snapshot);
    const unstored: string[] = [];
    const told: NotificationIdRow[] = [];
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      /** Runs one piece in a savepoint; false when it failed for good (a passing failure aborts the whole write, to be retried). */
      const piece = async (statement: Statement, pieceValues: Record<string, unknown>): Promise<boolean> => {
        await runner.query('SAVEPOINT piece');
        try {
          const rows: unknown = await runner.query(statement.text, statement.parameters(pieceValues));
          await runner.query('RELEASE SAVEPOINT piece');
          if (statement.tells) told.push(...(rows as NotificationIdRow[]));
          return true;
        } catch (err) {
          if (classifyDatabaseError(err) === 'transient') throw err;
          await runner.query('ROLLBACK TO SAVEPOINT piece');
          await runner.query('RELEASE SAVEPOINT piece');
          return false;
        }
      };
      if (!(await piece(updatePathway, values))) unstored.push(snapshotItem.pathway());
      for (const task of snapshot.tasks) {
        if (!(await piece(upsertTasks, { ...values, tasks: taskRows([task]) }))) unstored.push(snapshotItem.task(task.id));
      }
      for (const escalation of snapshot.escalations) {
        const stored =
          (await piece(insertEscalations, { ...values, escalations: escalationRows([escalation]) })) ||
          (escalation.taskId !== undefined && (await piece(insertEscalations, { ...values, escalations: escalationRows([{ ...escalation, taskId: undefined }]) })));
        if (!stored) unstored.push(snapshotItem.escalation(escalation.key));
      }
      for (const event of snapshot.events) {
        if (!(await piece(insertEvents, { ...values, events: eventRows([event]) }))) unstored.push(snapshotItem.event(event.seq));
      }
      // Not owed if refused: the next snapshot plans again, and the workflow's own timer raises the rungs.
      await piece(writePlan, values);
      if (unstored.length === 0) await runner.query(resolveFaults.text, resolveFaults.parameters(values));
      await recordFault(runner, snapshot, { kind: unstored.length > 0 ? 'partly-stored' : 'stored-piecewise', sqlstate, unstored });
      told.push(...((await runner.query(notHandedOn.text, notHandedOn.parameters(values))) as NotificationIdRow[]));
      await runner.commitTransaction();
      return { unstored, told };
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (classifyDatabaseError(err) === 'transient') throw retryable(err);
      // Even the fault could not be written: the workflow owes the whole snapshot to its next write.
      throw ApplicationFailure.nonRetryable(`The read model could not be written, nor the fault recorded (SQLSTATE ${sqlState(err)})`, 'PermanentDatabaseError');
    } finally {
      await runner.release();
    }
  }

  /** Ids, counts and the SQLSTATE: never the values or the statement's parameters, which may hold personal data. */
  private logFault(snapshot: PathwaySnapshot, kind: FaultKind, sqlstate: string | undefined, unstored: string[]): void {
    this.logger.warn({
      correlationIds: snapshot.causes,
      pathwayId: snapshot.pathwayId,
      version: snapshot.version,
      kind,
      sqlstate,
      unstored,
      msg: 'read model fault: a write PostgreSQL refused for good was stored as far as it could be',
    });
  }
}

// ---- classifying PostgreSQL errors ---------------------------------------------------------

/**
 * SQLSTATE classes of errors the same write meets again however often it is retried: data
 * exceptions (22: a NUL in jsonb, a lone surrogate, a date out of range), integrity (23),
 * syntax and access (42), routines and triggers that refuse it (2F, 38, 39, P0), features
 * not supported (0A), cardinality (21), triggered data change (27), WITH CHECK OPTION (44).
 * Everything else, and every error without a SQLSTATE (a connection refused or dropped),
 * is taken as passing: connection exceptions (08), shutdowns (57P0x), serialization failures
 * and deadlocks (40001, 40P01), insufficient resources (53), locks (55P03), system errors (58).
 * When in doubt an error is passing: retrying delays a write, giving up would lose it.
 */
const PERMANENT_CLASSES: ReadonlySet<string> = new Set(['0A', '21', '22', '23', '27', '2F', '38', '39', '42', '44', 'P0']);

export type DatabaseErrorKind = 'permanent' | 'transient';

export function classifyDatabaseError(err: unknown): DatabaseErrorKind {
  const code = sqlState(err);
  return code !== undefined && PERMANENT_CLASSES.has(code.slice(0, 2)) ? 'permanent' : 'transient';
}

/** The SQLSTATE of an error PostgreSQL raised (directly, or wrapped by TypeORM); undefined for any other error. */
export function sqlState(err: unknown): string | undefined {
  const raised = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  if (typeof raised !== 'object' || raised === null) return undefined;
  const { code, severity } = raised as { code?: unknown; severity?: unknown };
  // Node's own errors have codes too (EPIPE); PostgreSQL's come with a severity.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : undefined;
}

/**
 * A passing failure, for Temporal to retry: named by its SQLSTATE or error code, never by
 * its message, which can quote the values of the statement.
 */
function retryable(err: unknown): ApplicationFailure {
  const code = sqlState(err) ?? (err as { code?: unknown } | null)?.code;
  return ApplicationFailure.retryable(`PostgreSQL could not take the write now (${typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown'})`, 'TransientDatabaseError');
}

// ---- text PostgreSQL can hold ----------------------------------------------------------------

/** A lone surrogate (no `u` flag, so the pattern sees code units) or a NUL: what jsonb and text cannot hold. */
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** The value with every unstorable character in its strings and keys replaced by U+FFFD, and how many strings changed. */
export function withStorableText<T>(value: T): { value: T; replaced: number } {
  let replaced = 0;
  const fix = (text: string): string => {
    const fixed = text.replace(UNSTORABLE, '\uFFFD');
    if (fixed !== text) replaced++;
    return fixed;
  };
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return fix(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [fix(k), walk(v)]));
    return item;
  };
  return { value: walk(value) as T, replaced };
}

// ---- faults --------------------------------------------------------------------------------

/**
 * One fault per snapshot version, resolved at once when nothing was left out (the read
 * model is whole, if with replaced text), else when a later write stores everything.
 */
async function recordFault(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  snapshot: PathwaySnapshot,
  fault: { kind: FaultKind; sqlstate: string | undefined; unstored: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO pathway_faults (pathway_id, version, kind, sqlstate, unstored, resolved_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN cardinality($5::text[]) = 0 THEN now() END)
     ON CONFLICT (pathway_id, version) DO NOTHING`,
    [snapshot.pathwayId, snapshot.version, fault.kind, fault.sqlstate ?? null, fault.unstored],
  );
}

// ---- the statements --------------------------------------------------------------------------

/** A statement with named parameters (`:name`), numbered for PostgreSQL in order of first use. */
export interface Statement extends PreparedStatement {
  parameters(values: Record<string, unknown>): unknown[];
  /** Answers with the ids of the deliverable messages it stored. */
  tells?: boolean;
}

/** A stored message someone besides the inbox is to be told of. */
interface NotificationIdRow {
  id: string;
}

function statement(sql: string, tells = false): Statement {
  const names: string[] = [];
  // `::jsonb` is a cast, not a parameter.
  const text = sql.replace(/(?<!:):([a-zA-Z]+)/g, (_, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return {
    ...preparedStatement(text),
    tells,
    parameters: (values) =>
      names.map((name) => {
        if (!(name in values)) throw new Error(`No value for :${name}`);
        return values[name];
      }),
  };
}

/** 'registering' becomes 'active' with the first snapshot; a failed pathway stays failed. */
const PATHWAY_ROW = `
    UPDATE pathways
       SET status = :status, release_date = :releaseDate, release_date_type = :releaseDateType, expected_release_date = :expectedReleaseDate,
           release_date_adjusted_from = :releaseDateAdjustedFrom, release_date_adjustment_reason = :adjustmentReason,
           released_on = :releasedOn, release_day = :releaseDay, outcome = :outcome, outcome_at = :outcomeAt,
           prison_code = :prisonCode, community_treatment_code = coalesce(:communityTreatmentCode, community_treatment_code), version = :version, updated_at = now()
     WHERE id = :pathwayId AND version < :version AND status <> 'failed'`;

const TASK_ROWS = `
    INSERT INTO tasks (id, pathway_id, type, owner_type, owner_code, state, critical, due_at, completed_at,
                       completed_by, outcome, details, escalation_level, cancel_reason, version, issued_at)
    SELECT t.id, :pathwayId, t.type, t.owner_type, t.owner_code, t.state, t.critical, t.due_at, t.completed_at,
           t.completed_by, t.outcome, t.details, t.escalation_level, t.cancel_reason, t.version, t.issued_at
      FROM jsonb_to_recordset(:tasks::jsonb) AS t(id uuid, type text, owner_type text, owner_code text, state text,
           critical boolean, due_at timestamptz, completed_at timestamptz, completed_by text, outcome text,
           details jsonb, escalation_level text, cancel_reason text, version int, issued_at timestamptz)
    ON CONFLICT (id) DO UPDATE
       SET owner_code = EXCLUDED.owner_code, state = EXCLUDED.state, due_at = EXCLUDED.due_at,
           completed_at = EXCLUDED.completed_at, completed_by = EXCLUDED.completed_by, outcome = EXCLUDED.outcome,
           details = EXCLUDED.details, escalation_level = EXCLUDED.escalation_level,
           cancel_reason = EXCLUDED.cancel_reason, version = EXCLUDED.version, updated_at = now()
     WHERE tasks.version < EXCLUDED.version
    ${TASK_RETURNING}`;

const ESCALATION_ROWS = `
    INSERT INTO escalations (key, pathway_id, task_id, level, raised_at, due_at, reason, notify, notified_orgs)
    SELECT e.key, :pathwayId, e.task_id, e.level, e.raised_at, e.due_at, e.reason, e.notify,
           ARRAY(SELECT DISTINCT n->>'org' FROM jsonb_array_elements(e.notify) AS n)
      FROM jsonb_to_recordset(:escalations::jsonb) AS e(key text, task_id uuid, level text, raised_at timestamptz,
           due_at timestamptz, reason text, notify jsonb)
    ON CONFLICT (key) DO NOTHING
    ${ESCALATION_RETURNING}`;

/** The ladder's next rungs for the escalation sweep, at the snapshot's version; none planned clears it. */
const PLAN_ROW = `
    INSERT INTO escalation_plans (pathway_id, version, due_at, rungs)
    SELECT :pathwayId::uuid, :version, :nextEscalationAt::timestamptz, :plannedEscalations::jsonb WHERE :nextEscalationAt::timestamptz IS NOT NULL
    ON CONFLICT (pathway_id) DO UPDATE SET version = EXCLUDED.version, due_at = EXCLUDED.due_at, rungs = EXCLUDED.rungs
     WHERE escalation_plans.version < EXCLUDED.version`;
const PLAN_CLEARED = `
    DELETE FROM escalation_plans WHERE pathway_id = :pathwayId::uuid AND version < :version AND :nextEscalationAt::timestamptz IS NULL`;

const EVENT_ROWS = `
  INSERT INTO pathway_events (pathway_id, seq, type, at, actor_sub, actor_org, correlation_id, details)
  SELECT :pathwayId, e.seq, e.type, e.at, e.actor_sub, e.actor_org, e.correlation_id, e.details
    FROM jsonb_to_recordset(:events::jsonb) AS e(seq int, type text, at timestamptz, actor_sub text, actor_org text,
         correlation_id text, details jsonb)
  ON CONFLICT (pathway_id, seq) DO NOTHING
  ${EVENT_RETURNING}`;

/** A write that stored everything stores what earlier faults left out too: the workflow carried it again. */
const FAULTS_RESOLVED = `
    UPDATE pathway_faults SET resolved_at = now()
     WHERE pathway_id = :pathwayId AND resolved_at IS NULL AND version < :version`;

/**
 * The pathway's deliverable messages that no delivery has planned yet, whichever write stored
 * them: a retried write, which stores nothing new, answers with them, to start them again.
 * Few rows: a message leaves the set when its delivery's first activity runs.
 */
const NOT_HANDED_ON = `SELECT id FROM notifications WHERE pathway_id = :pathwayId::uuid AND dispatched_at IS NULL`;

/** A level's place on the ladder in SQL (null, none raised, is 0), as the domain's levelRank orders them. */
const rankOf = (level: string) => `coalesce(array_position(ARRAY[${ESCALATION_LEVELS.map((l) => `'${l}'`).join(',')}]::text[], ${level}), 0)`;

/**
 * A task's level follows the escalations the sweep raises on it (`:escalations`, as below), as
 * the machine's raise sets it: the highest raised, while the task is open, never lower. So a
 * task never shows a lower level than its own escalations until its workflow writes the same
 * level. The task's version stays the workflow's, so the workflow's next write is never refused
 * as older. Run before the escalations' insert, in its transaction: the snapshot write locks a
 * task before it inserts its escalations, and the sweep takes them in the same order, so the
 * two never deadlock (they did, when the sweep updated the task after the insert).
 */
export function sweptLevelsStatement(): Statement {
  return statement(`
    UPDATE tasks t SET escalation_level = r.level, updated_at = now()
      FROM (SELECT DISTINCT ON (e.task_id) e.task_id, e.level
              FROM jsonb_to_recordset(:escalations::jsonb) AS e(task_id uuid, level text)
             ORDER BY e.task_id, ${rankOf('e.level')} DESC) r
     WHERE t.id = r.task_id AND t.pathway_id = :pathwayId AND t.state = 'open' AND ${rankOf('t.escalation_level')} < ${rankOf('r.level')}`);
}

/**
 * Escalations a sweep raises on a pathway (`:escalations`, rows as escalationRows makes them,
 * with `raised_at` set) and what they tell: as the snapshot write stores them, with no task
 * beside them (`:tasks` empty: each names a stored task). Answers with how many were new.
 */
export function sweptEscalationsStatement(emailEnabled: boolean): Statement {
  const tell = notificationStatements(emailEnabled);
  return statement(`WITH escalation_rows AS (${ESCALATION_ROWS}), told AS (${tell.escalations}) SELECT count(*)::int AS stored FROM escalation_rows`);
}

type SnapshotStatements = Record<'write' | 'updatePathway' | 'upsertTasks' | 'insertEscalations' | 'insertEvents' | 'resolveFaults' | 'writePlan' | 'notHandedOn', Statement>;

/**
 * The whole snapshot in one statement, with what it tells each organisation, answering with the
 * deliverable messages it stored and those earlier writes stored that are not handed on yet
 * (read as they stood before the statement, so none twice). The sibling statements see the same snapshot of the database
 * and touch different tables; foreign keys are checked at the end of the statement, so an
 * escalation may name a task inserted beside it. Also its pieces, for writing it piecewise:
 * each row with what it tells.
 */
function snapshotStatements(emailEnabled: boolean): SnapshotStatements {
  const tell = notificationStatements(emailEnabled);
  const told = (cte: string) => `SELECT id FROM ${cte} WHERE deliverable`;
  return {
    write: statement(
      `
  WITH pathway AS (${PATHWAY_ROW}
  ), task_rows AS (${TASK_ROWS}
  ), task_notifications AS (${tell.tasks}
  ), escalation_rows AS (${ESCALATION_ROWS}
  ), escalation_notifications AS (${tell.escalations}
  ), event_rows AS (${EVENT_ROWS}
  ), event_notifications AS (${tell.events}
  ), faults_resolved AS (${FAULTS_RESOLVED}
  ), plan AS (${PLAN_ROW}
  ), plan_cleared AS (${PLAN_CLEARED}
  )
  ${told('task_notifications')} UNION ALL ${told('escalation_notifications')} UNION ALL ${told('event_notifications')}
  UNION ${NOT_HANDED_ON}`,
      true,
    ),
    updatePathway: statement(PATHWAY_ROW),
    upsertTasks: statement(`WITH task_rows AS (${TASK_ROWS}), told AS (${tell.tasks}) ${told('told')}`, true),
    insertEscalations: statement(`WITH escalation_rows AS (${ESCALATION_ROWS}), told AS (${tell.escalations}) ${told('told')}`, true),
    insertEvents: statement(`WITH event_rows AS (${EVENT_ROWS}), told AS (${tell.events}) ${told('told')}`, true),
    resolveFaults: statement(FAULTS_RESOLVED),
    writePlan: statement(`WITH plan AS (${PLAN_ROW}) ${PLAN_CLEARED}`),
    notHandedOn: statement(NOT_HANDED_ON, true),
  };
}

const TEXT_ROWS = `
  INSERT INTO pathway_texts (id, pathway_id, task_id, kind, appointment_at, due_at, state, reason, notify_id, sent_at, settled_at, version)
  SELECT t.id, $1, t."taskId", t.kind, t."appointmentAt", t."dueAt", t.state, t.reason, t."notifyId", t."sentAt", t."settledAt", t.version
    FROM jsonb_to_recordset($2::jsonb) AS t(id uuid, "taskId" uuid, kind text, "appointmentAt" timestamptz, "dueAt" timestamptz, state text,
         reason text, "notifyId" uuid, "sentAt" timestamptz, "settledAt" timestamptz, version int)
  ON CONFLICT (id) DO UPDATE
     SET due_at = EXCLUDED.due_at, state = EXCLUDED.state, reason = EXCLUDED.reason, notify_id = EXCLUDED.notify_id,
         sent_at = EXCLUDED.sent_at, settled_at = EXCLUDED.settled_at, version = EXCLUDED.version, updated_at = now()
   WHERE pathway_texts.version < EXCLUDED.version`;

const MARK_FAILED = `
  UPDATE pathways SET status = 'failed', failure_reason = $2, failed_at = now(), updated_at = now()
   WHERE id = $1 AND status <> 'failed'`;

function snapshotValues(s: PathwaySnapshot): Record<string, unknown> {
  return {
    pathwayId: s.pathwayId,
    status: s.status,
    releaseDate: s.releaseDate,
    releaseDateType: s.releaseDateType,
    expectedReleaseDate: s.expectedReleaseDate,
    releaseDateAdjustedFrom: s.releaseDateAdjustedFrom ?? null,
    adjustmentReason: s.adjustmentReason ?? null,
    releasedOn: s.releasedOn ?? null,
    releaseDay: s.releaseDay,
    outcome: s.outcome ?? null,
    outcomeAt: s.outcomeAt ?? null,
    prisonCode: s.prisonCode,
    version: s.version,
    communityTreatmentCode: s.communityTreatmentCode ?? null,
    tasks: taskRows(s.tasks),
    escalations: escalationRows(s.escalations),
    ...plannedEscalationValues(s.plannedEscalations),
    events: eventRows(s.events),
  };
}

/** The rungs the sweep may raise, as escalation rows but for the instant raised, and when the soonest falls due; none from older snapshots. */
function plannedEscalationValues(planned: PathwaySnapshot['plannedEscalations']): { plannedEscalations: string | null; nextEscalationAt: string | null } {
  if (!planned || planned.length === 0) return { plannedEscalations: null, nextEscalationAt: null };
  const soonest = planned.map((p) => p.dueAt).reduce((a, b) => (new Date(b) < new Date(a) ? b : a));
  return { plannedEscalations: escalationRows(planned), nextEscalationAt: soonest };
}

function taskRows(tasks: PathwaySnapshot['tasks']): string {
  return JSON.stringify(
    tasks.map((t) => ({
      id: t.id,
      type: t.type,
      owner_type: t.ownerType,
      owner_code: t.owner,
      state: t.state,
      critical: t.critical,
      due_at: t.dueAt,
      completed_at: t.completedAt ?? null,
      completed_by: t.completedBy ?? null,
      outcome: t.outcome ?? null,
      details: t.details ?? null,
      escalation_level: t.escalationLevel ?? null,
      cancel_reason: t.cancelReason ?? null,
      version: t.version,
      issued_at: t.createdAt,
      // How soon each message about it goes (libs/domain): the statement picks by what it finds stored.
      urgency_if_new: newTaskUrgency(t, false),
      urgency_if_new_listed: newTaskUrgency(t, true),
      urgency_if_done: COMPLETED_TASK_URGENCY,
    })),
  );
}

export function escalationRows(escalations: ReadonlyArray<PlannedEscalationRecord & { raisedAt?: string }>): string {
  return JSON.stringify(
    escalations.map((e) => ({
      key: e.key,
      task_id: e.taskId ?? null,
      level: e.level,
      raised_at: e.raisedAt ?? null,
      due_at: e.dueAt,
      reason: e.reason,
      notify: e.notify,
      // The task's criticality is read from the database when the task is not in this snapshot.
      urgency: escalationUrgency(e.level, false),
      urgency_if_critical: escalationUrgency(e.level, true),
    })),
  );
}

function eventRows(events: PathwaySnapshot['events']): string {
  return JSON.stringify(
    events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at,
      actor_sub: e.actor?.sub ?? null,
      actor_org: e.actor?.org ?? null,
      correlation_id: e.correlationId ?? null,
      details: e.details,
      urgency: e.type === 'released' ? releaseUrgency((e.details as { kind?: string }).kind) : OUTCOME_URGENCY,
    })),
  );
}
