/**
 * The pathway workflow: one per person per release. It hosts the pathway's state machine,
 * wakes with a single timer for the next escalation or the outcome, validates every human
 * action synchronously, and writes the read model only through an idempotent activity
 * before it answers, so callers read their own writes.
 * Deterministic: no I/O, no clock but the workflow's, ids from the workflow's seeded uuid4.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from './pathway.activities.interface';
import { PathwayMachine, RejectedError } from './pathway.machine';
import {
  cancelUpdate,
  changeReleaseDateUpdate,
  pathwayQuery,
  recordReleaseUpdate,
  registeredUpdate,
  returnToCustodyUpdate,
  taskActionUpdate,
  transferUpdate,
} from './pathway.messages';
import type { UpdateDefinition } from '@temporalio/common';
import type {
  Cancellation,
  CustodyReturn,
  PathwayInput,
  PathwayView,
  ReleaseDateChange,
  ReleaseRecord,
  TaskActionInput,
  Transfer,
} from './pathway.types';

const SNAPSHOT_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  // Retry without limit: a PostgreSQL outage delays the read model, it must never lose a write.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/**
 * The snapshot is a short, idempotent write by the same worker, so it runs as a local
 * activity: no activity task and no second workflow task on the server per change, which
 * halves the server's work for a registration. Ordinary activities remain for old histories.
 */
const local = proxyLocalActivities<PathwayActivities>(SNAPSHOT_OPTIONS);
const remote = proxyActivities<PathwayActivities>(SNAPSHOT_OPTIONS);

/** Pathways before the escalation ladder kept no timers; their histories must still replay. */
const LADDER_PATCH = 'escalation-ladder';
/** Pathways before the local snapshot wrote through ordinary activities; theirs must still replay. */
const LOCAL_SNAPSHOT_PATCH = 'snapshot-as-local-activity';
const DEFAULT_HISTORY_LIMIT = 10_000;

/** Runs a validator, turning a rule's refusal into a failure the client can read. */
function validated<A>(check: (arg: A) => void): (arg: A) => void {
  return (arg: A) => {
    try {
      check(arg);
    } catch (err) {
      if (err instanceof RejectedError) {
        throw ApplicationFailure.create({ type: err.type, message: err.message, nonRetryable: true, details: err.field ? [{ field: err.field }] : undefined });
      }
      throw err;
    }
  };
}

export async function pathwayWorkflow(input: PathwayInput): Promise<void> {
  // The machine asks `patched` itself, where its behaviour changed (see NOTICES_PATCH).
  const machine = new PathwayMachine(input, uuid4, patched);
  const withLadder = input.carried !== undefined || patched(LADDER_PATCH);
  const writesLocally = patched(LOCAL_SNAPSHOT_PATCH);
  const { recordPathwaySnapshot } = writesLocally ? local : remote;
  let registered = input.carried !== undefined;
  /** Set when a handler moved a deadline, so the main loop re-plans its timer. */
  let replan = false;

  const write = async (): Promise<void> => {
    if (machine.dirty) await recordPathwaySnapshot(machine.takeSnapshot());
  };
  /**
   * Local activities write one at a time. Replay resolves every local activity of a workflow
   * task at once, so two in flight (an update's and the main loop's) could finish in another
   * order than they did live. Ordinary activities keep their old, concurrent order.
   */
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (!writesLocally) return write();
    const turn = writing.then(write);
    writing = turn.catch(() => undefined);
    return turn;
  };
  const afterChange = async (): Promise<void> => {
    replan = true;
    await persist();
  };

  setHandler(pathwayQuery, () => machine.view());

  setHandler(registeredUpdate, async () => {
    await condition(() => registered);
    return machine.view();
  });

  setHandler(
    taskActionUpdate,
    async (action) => {
      machine.cause = action.correlationId;
      const result = machine.act(action, new Date());
      await afterChange();
      return result;
    },
    { validator: validated((action: TaskActionInput) => machine.validateAction(action, new Date())) },
  );

  /**
   * A pathway event: validated synchronously, applied, written, answered with the pathway.
   * `apply` returns false when the event changed nothing (a duplicate date): no write, no re-plan.
   */
  const onEvent = <A extends { correlationId?: string }>(
    update: UpdateDefinition<PathwayView, [A]>,
    validate: (arg: A) => void,
    apply: (arg: A, now: Date) => boolean | void,
  ): void =>
    setHandler(
      update,
      async (arg: A) => {
        machine.cause = arg.correlationId;
        if (apply(arg, new Date()) !== false) await afterChange();
        return machine.view();
      },
      { validator: validated(validate) },
    );

  onEvent(changeReleaseDateUpdate, (c: ReleaseDateChange) => machine.validateReleaseDateChange(c), (c, now) => machine.changeReleaseDate(c, now));
  onEvent(recordReleaseUpdate, (r: ReleaseRecord) => machine.validateRelease(r, new Date()), (r, now) => machine.recordRelease(r, now));
  onEvent(returnToCustodyUpdate, (e: CustodyReturn) => machine.validateCustodyReturn(e), (e, now) => machine.returnToCustody(e, now));
  onEvent(cancelUpdate, (e: Cancellation) => machine.validateCancellation(e), (e, now) => machine.cancel(e, now));
  onEvent(transferUpdate, (t: Transfer) => machine.validateTransfer(t), (t, now) => machine.transfer(t, now));

  if (!registered) {
    machine.cause = input.correlationId;
    machine.register(new Date());
    await persist();
    registered = true;
  }

  if (!withLadder) {
    await condition(() => machine.closed);
    await condition(allHandlersFinished);
    return;
  }

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  while (!machine.closed) {
    const wakeAt = machine.nextWakeAt();
    const delay = wakeAt ? wakeAt.getTime() - Date.now() : undefined;
    if (delay === undefined || delay > 0) await condition(() => replan || machine.closed, delay);
    replan = false;
    machine.cause = undefined; // a timer, not a request
    const now = new Date();
    machine.raiseDueEscalations(now);
    machine.settleOutcome(now);
    await persist();
    const info = workflowInfo();
    if (!machine.closed && (info.continueAsNewSuggested || info.historyLength > historyLimit)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof pathwayWorkflow>({ ...input, carried: machine.carry() });
    }
  }
  await condition(allHandlersFinished);
}
