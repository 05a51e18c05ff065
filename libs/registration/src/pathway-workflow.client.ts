/**
 * The only door to Temporal for pathways (the API's changes, the import activities'
 * registrations). Translates Temporal's errors into DomainErrors here, so raw client errors
 * never reach a caller. Every start and Update waits at most
 * UPDATE_TIMEOUT_SECONDS: a pathway that cannot answer in time (its worker down, its history
 * busy) gets a 503 the caller can retry with the same Idempotency-Key, never a hung request.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowExecutionStatusName,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, UpdateDefinition } from '@temporalio/common';
import { Config } from '@throughcare/config';
import { currentCorrelationId } from '@throughcare/logging';
import { DomainError, type ProblemCode } from '@throughcare/problem';
import { TemporalClientService, TemporalUnavailableError } from '@throughcare/temporal';
import { PATHWAY_FAILED, PathwayInput, pathwayWorkflowId, PathwayView, registeredUpdate, Rejection } from '@throughcare/workflows/pathway';

/** The error each rule the workflow rejects an Update by is thrown as; the rule's message is the detail. */
const ERROR_BY_REJECTION: Record<Rejection, { code: ProblemCode; title?: string }> = {
  TaskNotFound: { code: 'notFound' },
  TaskNotOpen: { code: 'taskNotOpen' },
  ActionNotAllowed: { code: 'actionNotAllowed' },
  // The API checks the owner first (403 forbidden); this is the workflow's word after a race, titled as it always was.
  NotOwner: { code: 'forbidden', title: 'Only the owning organisation can act on this task' },
  InvalidDetails: { code: 'validation' },
  PathwayClosed: { code: 'pathwayClosed' },
  AlreadyReleased: { code: 'alreadyReleased' },
  InvalidEvent: { code: 'invalidEvent' },
  NotYetStartable: { code: 'notYetStartable' },
};

/** The safety net under the gRPC deadline: the whole call, not only each request, is bounded. */
class UpdateTimedOutError extends Error {}

const pathwayBusy = () => new DomainError('pathwayBusy', 'The change was received; retry with the same Idempotency-Key to get its answer.');

const pathwayFailed = () =>
  new DomainError('pathwayFailed', 'This pathway stopped on an error and cannot take changes; it has been logged for the service team to put right.');

const pathwayClosed = () => new DomainError('pathwayClosed', 'This pathway no longer accepts changes');

/** How long the API asks how a workflow stands, after a change to it failed. */
const DESCRIBE_TIMEOUT_MS = 5_000;

/** Statuses of a workflow that stopped without closing its pathway. */
const STOPPED: WorkflowExecutionStatusName[] = ['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'];

@Injectable()
export class PathwayWorkflowClient {
  constructor(
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  /**
   * Starts the pathway (or finds it already started: the id is the pathway's) and waits
   * until its first tasks are in the read model.
   */
  async start(input: PathwayInput): Promise<PathwayView> {
    const client = await this.client();
    const workflowId = pathwayWorkflowId(input.pathwayId);
    // An operation is used once: each attempt gets its own.
    const startWorkflowOperation = () =>
      new WithStartWorkflowOperation('pathwayWorkflow', {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [{ ...input, correlationId: currentCorrelationId() }],
        // A retried registration finds the running pathway; a finished one's id is never reused.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    try {
      return await this.inTime(client, () =>
        resendingUnprocessed(() => client.workflow.executeUpdateWithStart(registeredUpdate, { startWorkflowOperation: startWorkflowOperation() })),
      );
    } catch (err) {
      throw await this.translate(err, client, workflowId);
    }
  }

  /**
   * Sends one human action or pathway event as an Update. The idempotency key is the Update
   * id: Temporal answers a retry with the first result.
   */
  async update<Ret, Arg extends object>(pathwayId: string, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg, operationId: string): Promise<Ret> {
    const client = await this.client();
    const workflowId = pathwayWorkflowId(pathwayId);
    const handle = client.workflow.getHandle(workflowId);
    try {
      const caused = { ...arg, correlationId: currentCorrelationId() };
      return await this.inTime(client, () => resendingUnprocessed(() => handle.executeUpdate(definition, { args: [caused], updateId: operationId })));
    } catch (err) {
      throw await this.translate(err, client, workflowId);
    }
  }

  private client(): Promise<Client> {
    return this.temporal.client().catch((err: unknown) => Promise.reject(serviceUnavailable(err) ?? err));
  }

  /**
   * Runs a start or an Update with a gRPC deadline UPDATE_TIMEOUT_SECONDS away (the SDK's
   * polling for the outcome fails with WorkflowUpdateRPCTimeoutOrCancelledError once it
   * passes), and gives up locally a second later whatever happens.
   */
  private async inTime<T>(client: Client, call: () => Promise<T>): Promise<T> {
    const timeoutMs = this.config.UPDATE_TIMEOUT_SECONDS * 1000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UpdateTimedOutError()), timeoutMs + 1000);
    });
    try {
      return await Promise.race([client.withDeadline(Date.now() + timeoutMs, call), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async translate(err: unknown, client: Client, workflowId: string): Promise<Error> {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof UpdateTimedOutError || isUnprocessed(err)) return pathwayBusy();
    if (failedWith(err, PATHWAY_FAILED) || err instanceof WorkflowFailedError) return pathwayFailed();
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const known = ERROR_BY_REJECTION[err.cause.type as Rejection];
      // A request field at fault is answered as a field error, like the API's own validation.
      const fault = err.cause.details?.[0] as { field?: unknown; code?: unknown } | undefined;
      const extensions = typeof fault?.field === 'string' ? { errors: [{ ...fault, code: typeof fault.code === 'string' ? fault.code : 'invalid', messages: [err.cause.message] }] } : undefined;
      if (known) return new DomainError(known.code, err.cause.message, extensions, known.title);
    }
    // The pathway's workflow is not running, or the Update failed for a reason no rule gave
    // (e.g. the workflow closed under it): how the workflow stands says which.
    const closed = err instanceof WorkflowNotFoundError || err instanceof WorkflowExecutionAlreadyStartedError || (err instanceof Error && /workflow execution already completed/i.test(err.message));
    if (closed || err instanceof WorkflowUpdateFailedError) {
      const status = await client
        .withDeadline(Date.now() + DESCRIBE_TIMEOUT_MS, () => client.workflow.getHandle(workflowId).describe())
        .then((d) => d.status.name, () => undefined);
      if (status && STOPPED.includes(status)) return pathwayFailed();
      if (status === 'COMPLETED' || closed) return pathwayClosed();
    }
    return serviceUnavailable(err) ?? (err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * The server rejects an Update that a workflow task delivered but the worker did not process
 * (`UnprocessedUpdate`): seen when many Updates reach one pathway at once, as when a task's
 * button is pressed twenty times. Nothing was done, so the same Update (same id) is sent
 * again, a few times, within the caller's deadline; then the caller is told to retry.
 */
const UNPROCESSED = 'UnprocessedUpdate';
const RESENDS = 5;

function isUnprocessed(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === UNPROCESSED;
}

async function resendingUnprocessed<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!isUnprocessed(err) || attempt > RESENDS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Whether an error, or any failure it was caused by, is an ApplicationFailure of that type. */
function failedWith(err: unknown, type: string): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof ApplicationFailure && e.type === type) return true;
  }
  return false;
}

export function serviceUnavailable(err: unknown): DomainError | undefined {
  if (!(isGrpcServiceError(err) || err instanceof TemporalUnavailableError || (err instanceof Error && err.name === 'ServiceError'))) return undefined;
  return new DomainError('workflowServiceUnavailable', 'Nothing was lost; retry the request with the same Idempotency-Key.');
}
