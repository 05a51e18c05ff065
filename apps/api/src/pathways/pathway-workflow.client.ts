/**
 * The API's only door to Temporal for pathways. Translates Temporal's errors into problems
 * here, so raw client errors never reach a caller.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, UpdateDefinition } from '@temporalio/common';
import { Config } from '@throughcare/config';
import { currentCorrelationId } from '@throughcare/logging';
import { ProblemException } from '@throughcare/problem';
import { TemporalClientService, TemporalUnavailableError } from '@throughcare/temporal';
import { PathwayInput, pathwayWorkflowId, PathwayView, registeredUpdate, Rejection } from '@throughcare/workflows/pathway';

const PROBLEM_BY_REJECTION: Record<Rejection, { status: number; type: string; title: string }> = {
  TaskNotFound: { status: 404, type: 'not-found', title: 'Not found' },
  TaskNotOpen: { status: 409, type: 'task-not-open', title: 'The task is not open' },
  ActionNotAllowed: { status: 409, type: 'action-not-allowed', title: 'That action does not apply to this task' },
  NotOwner: { status: 403, type: 'forbidden', title: 'Only the owning organisation can act on this task' },
  InvalidDetails: { status: 400, type: 'validation', title: 'The request is not valid' },
  PathwayClosed: { status: 409, type: 'pathway-closed', title: 'The pathway is closed' },
  AlreadyReleased: { status: 409, type: 'already-released', title: 'The person has already been released' },
  InvalidEvent: { status: 422, type: 'invalid-event', title: 'That change does not apply to this pathway' },
  NotYetStartable: { status: 409, type: 'not-yet-startable', title: 'The step cannot be done yet' },
};

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
    const client = await this.temporal.client().catch((err: unknown) => Promise.reject(this.translate(err)));
    const startWorkflowOperation = new WithStartWorkflowOperation('pathwayWorkflow', {
      workflowId: pathwayWorkflowId(input.pathwayId),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [{ ...input, correlationId: currentCorrelationId() }],
      // A retried registration finds the running pathway; a finished one's id is never reused.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await client.workflow.executeUpdateWithStart(registeredUpdate, { startWorkflowOperation });
    } catch (err) {
      throw this.translate(err);
    }
  }

  /**
   * Sends one human action or pathway event as an Update. The idempotency key is the Update
   * id: Temporal answers a retry with the first result.
   */
  async update<Ret, Arg extends object>(pathwayId: string, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg, idempotencyKey: string): Promise<Ret> {
    const client = await this.temporal.client().catch((err: unknown) => Promise.reject(this.translate(err)));
    const handle = client.workflow.getHandle(pathwayWorkflowId(pathwayId));
    try {
      const caused = { ...arg, correlationId: currentCorrelationId() };
      return await handle.executeUpdate(definition, { args: [caused], updateId: idempotencyKey });
    } catch (err) {
      throw this.translate(err);
    }
  }

  private translate(err: unknown): Error {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const known = PROBLEM_BY_REJECTION[err.cause.type as Rejection];
      // A request field at fault is answered as a field error, like the API's own validation.
      const field = (err.cause.details?.[0] as { field?: unknown } | undefined)?.field;
      const extensions = typeof field === 'string' ? { errors: [{ field, messages: [err.cause.message] }] } : undefined;
      if (known) return new ProblemException({ ...known, detail: err.cause.message, extensions });
    }
    if (err instanceof WorkflowNotFoundError || (err instanceof Error && /workflow execution already completed/i.test(err.message))) {
      return new ProblemException({ status: 409, type: 'pathway-closed', title: 'The pathway is closed', detail: 'This pathway no longer accepts changes' });
    }
    if (isGrpcServiceError(err) || err instanceof TemporalUnavailableError || (err instanceof Error && err.name === 'ServiceError')) {
      return new ProblemException({
        status: 503,
        type: 'workflow-service-unavailable',
        title: 'The workflow service is unavailable',
        detail: 'Nothing was lost; retry the request with the same Idempotency-Key.',
      });
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
