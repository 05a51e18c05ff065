/**
 * The pathway workflow: one per person per release. It hosts the pathway's state machine,
 * wakes with a single timer for the next escalation or the outcome, validates every human
 * action synchronously, and writes the read model only through an idempotent activity
 * before it answers, so callers read their own writes.
 * Deterministic: no I/O, no clock but the workflow's, ids from the workflow's seeded uuid4.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TemporalFailure,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities, TextActivities } from './pathway.activities.interface';
import { PathwayMachine } from './pathway.machine';
import { RejectedError } from './pathway.rejections';
import {
  cancelUpdate,
  changeReleaseDateUpdate,
  pathwayQuery,
  wakeUpQuery,
  recordReleaseUpdate,
  registeredUpdate,
  returnToCustodyUpdate,
  taskActionUpdate,
  transferUpdate,
} from './pathway.messages';
import type { UpdateDefinition } from '@temporalio/common';
import {
  PATHWAY_FAILED,
  type Cancellation,
  type CustodyReturn,
  type PathwayInput,
  type PathwayView,
  type ReleaseDateChange,
  type ReleaseRecord,
  type TaskActionInput,
  type TextDeliveryStatus,
  type TextSendResult,
  type TextView,
  type Transfer,
} from './pathway.types';
import { placeDetailsOf } from '@throughcare/domain';

const SNAPSHOT_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  // Retry without limit: a PostgreSQL outage delays the read model, it must never lose a write.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/**
 * The snapshot is a short, idempotent write by the same worker, so it runs as a local
 * activity: no activity task and no second workflow task on the server per change, which
 * halves the server's work for a registration.
 */
const { recordPathwaySnapshot, recordPathwayFailure, recordPathwayTexts } = proxyLocalActivities<PathwayActivities>(SNAPSHOT_OPTIONS);
/**
 * A text is worth a few tries over a minute or so; after that Notify is down or refusing, the
 * text is marked failed and the services are told, rather than holding the pathway's loop.
 */
const { sendText, readTextDelivery } = proxyActivities<TextActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});
const DEFAULT_HISTORY_LIMIT = 10_000;
/** The steps whose completion the person is texted about: the booking, and a missed first appointment. */
const TEXTED_STEPS: ReadonlySet<string> = new Set(['appointment-booking', 'first-appointment']);

/**
 * What the workflow ends with when its own code throws what no rule meant (a date the calendar
 * cannot compute, a bug): a non-retryable failure, so the pathway fails visibly instead of
 * retrying the same workflow task for ever. The cause is kept for the Temporal UI (payloads
 * and failure messages are encrypted); the read model gets only a reason code.
 */
function pathwayFailure(err: unknown): ApplicationFailure {
  const error = errorName(err);
  return ApplicationFailure.create({
    type: PATHWAY_FAILED,
    message: `The pathway stopped on an error its rules did not expect (${error}); it is marked failed`,
    nonRetryable: true,
    details: [{ reason: 'workflow-error', error }],
    cause: err instanceof Error ? err : undefined,
  });
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

/** Errors that end the run as Temporal means them to: continue-as-new and cancellation. */
function isDeliberateEnd(err: unknown): boolean {
  return err instanceof ContinueAsNew || isCancellation(err);
}

/**
 * What a run knows besides its machine: whether it is registered, whether a handler moved a
 * deadline (the main loop then re-plans its timer), and, once, the failure it winds down to when
 * workflow code threw what no rule meant.
 */
class RunState {
  registered: boolean;
  /** Set when a handler moved a deadline, so the main loop re-plans its timer. */
  replan = false;
  /** Set, once, when workflow code threw what no rule meant; everything then winds down to failing the pathway. */
  failure?: ApplicationFailure;
  failedOn: unknown;
  /** The request whose change broke the pathway down, if a request's did: the failure is recorded under it. */
  failedCause?: string;
  machine?: PathwayMachine;
  /** Whether this pathway texts the person (patch `texts`, taken at its first booking or missed appointment after the change). */
  texting: boolean;
  /** Set while the main loop waits, to the instant its timer wakes it (null: no timer); only queries read it. */
  sleepingUntil?: Date | null;

  constructor(input: PathwayInput) {
    this.registered = input.carried !== undefined;
    this.texting = input.carried?.texts !== undefined;
  }

  breakDown(err: unknown, cause?: string): ApplicationFailure {
    if (!this.failure) {
      this.failure = pathwayFailure(err);
      this.failedOn = err;
      this.failedCause = cause;
    }
    return this.failure;
  }
}

export async function pathwayWorkflow(input: PathwayInput): Promise<void> {
  const run = new RunState(input);

  // Before anything can throw, so a registration that fails is answered with the failure.
  setHandler(registeredUpdate, async () => {
    await condition(() => run.registered || run.failure !== undefined);
    if (run.failure) throw run.failure;
    return run.machine!.view();
  });

  try {
    const pathway = (run.machine = new PathwayMachine(input, uuid4));
    const writer = new ReadModelWriter(input, pathway);
    const afterChange = async (): Promise<void> => {
      run.replan = true;
      if (run.texting) {
        timelyTexts(pathway);
        pathway.planTexts(new Date());
      }
      await writer.persist();
    };
    setUpdateHandlers(run, pathway, afterChange);

    if (!run.registered) {
      pathway.register(new Date());
      await writer.persist();
      run.registered = true;
    }
    await runUntilClosed(input, run, pathway, writer);
    return;
  } catch (err) {
    if (isDeliberateEnd(err)) throw err;
    run.breakDown(err);
  }
  await failPathway(input, run.failedCause ?? input.correlationId, run.failedOn);
  throw run.failure;
}

/**
 * Writes the read model, one write at a time. The write's activity also starts the deliveries
 * of the messages it stored, so nothing about them enters this workflow's history.
 */
class ReadModelWriter {
  /**
   * Local activities write one at a time. Replay resolves every local activity of a workflow
   * task at once, so two in flight (an update's and the main loop's) could finish in another
   * order than they did live.
   */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly input: PathwayInput,
    private readonly pathway: PathwayMachine,
  ) {}

  persist(): Promise<void> {
    const turn = this.writing.then(() => this.write());
    this.writing = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Writes the changes since the last write. A write the activity could store only in part
   * (a fault it recorded) leaves the rest owed, for the next write to carry again; one it gave
   * up on altogether leaves everything owed. Either way the pathway keeps answering and
   * escalating: a write that can never succeed must not wedge it.
   */
  private async write(): Promise<void> {
    const { pathway } = this;
    if (pathway.dirty) await this.writeSnapshot();
    if (pathway.texts.dirty) await this.writeTexts();
  }

  private async writeSnapshot(): Promise<void> {
    const { pathway, input } = this;
    const snapshot = pathway.takeSnapshot();
    try {
      const result = await recordPathwaySnapshot(snapshot);
      if (result && result.unstored.length > 0) pathway.owe(snapshot, result.unstored);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      pathway.owe(snapshot);
      log.warn('the read model could not be written; the changes are owed to the next write', { pathwayId: input.pathwayId, version: snapshot.version });
    }
  }

  /** The texts, all of them (a handful): each row keeps the newest version it was given. */
  private async writeTexts(): Promise<void> {
    const { pathway, input } = this;
    pathway.texts.dirty = false;
    try {
      await recordPathwayTexts({ pathwayId: input.pathwayId, texts: pathway.texts.all });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      pathway.texts.dirty = true;
      log.warn('the texts could not be written; they are owed to the next write', { pathwayId: input.pathwayId });
    }
  }

}

/** Runs a validator, turning a rule's refusal into a failure the client can read; a failed pathway accepts nothing. */
function validatorFor(run: RunState) {
  return <A>(check: (arg: A) => void) =>
    (arg: A): void => {
      if (run.failure) throw run.failure;
      try {
        check(arg);
      } catch (err) {
        if (err instanceof RejectedError) {
          throw ApplicationFailure.create({ type: err.type, message: err.message, nonRetryable: true, details: err.fault ? [err.fault] : undefined });
        }
        throw err;
      }
    };
}

type Validated = ReturnType<typeof validatorFor>;
type BrokenBy = (err: unknown, cause: string | undefined) => unknown;

/** The update handlers: each validated synchronously, applied, written, answered. */
function setUpdateHandlers(run: RunState, pathway: PathwayMachine, afterChange: () => Promise<void>): void {
  const validated = validatorFor(run);
  /**
   * What a handler threw. A Temporal failure fails its update only; anything else would fail
   * the workflow task, retried for ever, so it breaks the pathway down instead: the update
   * fails with PathwayFailed and the main loop fails the pathway. Handlers catch inline, not
   * through a wrapper: another await would complete their updates a tick later than the
   * saved histories did, after the main loop's next timer.
   */
  const brokenBy: BrokenBy = (err, cause) => (err instanceof TemporalFailure ? err : run.breakDown(err, cause));

  setHandler(pathwayQuery, () => pathway.view());
  setHandler(wakeUpQuery, () => ({
    asleep: run.sleepingUntil !== undefined && !run.replan && run.failure === undefined,
    wakesAt: run.sleepingUntil ? run.sleepingUntil.toISOString() : null,
  }));

  setHandler(
    taskActionUpdate,
    async (action: TaskActionInput) => {
      try {
        // Only a booking with a place asks, so histories from before places replay untouched.
        const carryPlace = action.details?.placeChannel !== undefined && patched('appointment-place');
        // Re-arranging is new: only a history that re-arranged has its marker (and no older history re-arranged).
        if (action.action === 'rearrange') patched('appointment-rearranged');
        // Only a booking or an attendance record asks, so older pathways start texting with their next booking, none before.
        const textedAbout = TEXTED_STEPS.has(pathway.taskType(action.taskId) ?? '') && action.action === 'complete';
        if (!run.texting && textedAbout && patched('texts')) run.texting = true;
        const result = pathway.act(action, new Date(), carryPlace);
        await afterChange();
        return result;
      } catch (err) {
        throw brokenBy(err, action.correlationId);
      }
    },
    { validator: validated((action: TaskActionInput) => pathway.validateAction(action, new Date())) },
  );
  setEventHandlers(pathway, afterChange, validated, brokenBy);
}

/**
 * The pathway events: each validated synchronously, applied, written, answered with the pathway.
 * `apply` returns false when the event changed nothing (a duplicate date): no write, no re-plan.
 */
function setEventHandlers(pathway: PathwayMachine, afterChange: () => Promise<void>, validated: Validated, brokenBy: BrokenBy): void {
  const onEvent = <A extends { correlationId?: string }>(
    update: UpdateDefinition<PathwayView, [A]>,
    validate: (arg: A, now: Date) => void,
    apply: (arg: A, now: Date) => boolean | void,
  ): void =>
    setHandler(
      update,
      async (arg: A) => {
        try {
          if (apply(arg, new Date()) !== false) await afterChange();
          return pathway.view();
        } catch (err) {
          throw brokenBy(err, arg.correlationId);
        }
      },
      { validator: validated((arg: A) => validate(arg, new Date())) },
    );

  onEvent(changeReleaseDateUpdate, (c: ReleaseDateChange, now) => pathway.validateReleaseDateChange(c, now), (c, now) => pathway.changeReleaseDate(c, now));
  onEvent(recordReleaseUpdate, (r: ReleaseRecord, now) => pathway.validateRelease(r, now), (r, now) => pathway.recordRelease(r, now));
  onEvent(returnToCustodyUpdate, (e: CustodyReturn, now) => pathway.validateCustodyReturn(e, now), (e, now) => pathway.returnToCustody(e, now));
  onEvent(cancelUpdate, (e: Cancellation) => pathway.validateCancellation(e), (e, now) => pathway.cancel(e, now));
  onEvent(transferUpdate, (t: Transfer) => pathway.validateTransfer(t), (t, now) => pathway.transfer(t, now));
}

/**
 * The main loop: sleeps until the next escalation or outcome (or a handler's change), raises
 * what is due, writes, and continues as new when the history grows long; returns once the
 * pathway is closed and every handler has answered.
 */
async function runUntilClosed(input: PathwayInput, run: RunState, pathway: PathwayMachine, writer: ReadModelWriter): Promise<void> {
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  while (!pathway.closed) {
    const wakeAt = earliest(pathway.nextWakeAt(), run.texting ? pathway.texts.nextAt() : undefined);
    const delay = wakeAt ? wakeAt.getTime() - Date.now() : undefined;
    if (delay === undefined || delay > 0) {
      run.sleepingUntil = wakeAt ?? null;
      await condition(() => run.replan || pathway.closed || run.failure !== undefined, delay);
      run.sleepingUntil = undefined;
    }
    if (run.failure) throw run.failure;
    run.replan = false;
    const now = new Date();
    pathway.raiseDueEscalations(now);
    pathway.settleOutcome(now);
    if (run.texting) {
      timelyTexts(pathway);
      pathway.planTexts(now);
      await sendDueTexts(input, pathway, now);
    }
    await writer.persist();
    if (run.failure) throw run.failure; // a handler broke down meanwhile: fail, not continue as new
    const info = workflowInfo();
    if (!pathway.closed && (info.continueAsNewSuggested || info.historyLength > historyLimit)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof pathwayWorkflow>({ ...input, carried: pathway.carry() });
    }
  }
  await condition(allHandlersFinished);
  if (run.failure) throw run.failure;
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

/**
 * Patch `texts-timely` (PathwayTexts.timely): asked wherever a texting pathway plans or sends,
 * so it takes the change from its next workflow task; histories from before replay without it.
 */
function timelyTexts(pathway: PathwayMachine): void {
  if (!pathway.texts.timely && patched('texts-timely')) pathway.texts.timely = true;
}

/**
 * Sends the texts due and reads the delivery of those sent, one at a time. A send that failed
 * after its retries is a technical failure (the services are told); a read that failed is
 * tried again at the next read's time.
 */
async function sendDueTexts(input: PathwayInput, pathway: PathwayMachine, now: Date): Promise<void> {
  for (const text of pathway.texts.toSend(now)) {
    if (text.state !== 'planned') continue; // cancelled by a handler meanwhile
    if (pathway.texts.timely && !pathway.textDueNow(text.id, new Date())) continue; // held to the morning, or too late
    let result: TextSendResult | { state: 'failed'; reason: 'technical-failure' };
    try {
      result = await sendText(textToSend(input, pathway, text));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      result = { state: 'failed', reason: 'technical-failure' };
    }
    pathway.textSent(text.id, result, new Date());
  }
  for (const text of pathway.texts.toCheck(now)) {
    let status: TextDeliveryStatus;
    try {
      status = await readTextDelivery({ notifyId: text.notifyId! });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      status = 'pending';
    }
    pathway.textDelivery(text.id, status, new Date());
  }
}

/** What the send activity is told: ids, the time and the place, never the number or the words. */
function textToSend(input: PathwayInput, pathway: PathwayMachine, text: TextView) {
  const view = pathway.view();
  const task = view.tasks.find((t) => t.id === text.taskId);
  const place = placeDetailsOf(task?.details);
  return {
    pathwayId: input.pathwayId,
    textId: text.id,
    kind: text.kind,
    serviceCode: view.routing['community-treatment'],
    appointmentAt: text.appointmentAt,
    place: Object.keys(place).length > 0 ? place : undefined,
  };
}

/**
 * Marks the pathway failed in the read model (a reason code, no personal data) and logs it,
 * then lets the updates in flight answer (with the failure) before the workflow fails.
 */
async function failPathway(input: PathwayInput, cause: string | undefined, err: unknown): Promise<void> {
  const error = errorName(err);
  log.error('the pathway failed on an error its rules did not expect', { pathwayId: input.pathwayId, error });
  try {
    await recordPathwayFailure({ pathwayId: input.pathwayId, reason: 'workflow-error', error, correlationId: cause });
  } catch (recordErr) {
    // The failure stands whether or not it could be recorded; the workflow's own status says it.
    if (!(recordErr instanceof ActivityFailure)) throw recordErr;
  }
  await condition(allHandlersFinished);
}
