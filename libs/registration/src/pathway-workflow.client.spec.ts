import { WorkflowExecutionStatusName, WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, RetryState, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { loadConfig } from '@throughcare/config';
import { DomainError, toProblem } from '@throughcare/problem';
import type { TemporalClientService } from '@throughcare/temporal';
import { cancelUpdate, PathwayInput } from '@throughcare/workflows/pathway';
import { PathwayWorkflowClient } from './pathway-workflow.client';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233', UPDATE_TIMEOUT_SECONDS: '1' };

interface Behaviour {
  /** What the Update or the start does. */
  call: () => Promise<unknown>;
  /** How the workflow stands when described. */
  status?: WorkflowExecutionStatusName;
}

/** The client with Temporal replaced by a stand-in that behaves as told. */
function sut({ call, status = 'RUNNING' }: Behaviour): { client: PathwayWorkflowClient; deadlines: number[] } {
  const deadlines: number[] = [];
  const temporal = {
    client: async () => ({
      withDeadline: (deadline: number, fn: () => Promise<unknown>) => (deadlines.push(deadline), fn()),
      workflow: {
        executeUpdateWithStart: call,
        getHandle: () => ({ executeUpdate: call, describe: async () => ({ status: { name: status } }) }),
      },
    }),
  } as unknown as TemporalClientService;
  return { client: new PathwayWorkflowClient(temporal, loadConfig(base)), deadlines };
}

const cancel = (client: PathwayWorkflowClient) => client.update('6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60', cancelUpdate, { reason: 'x', actor: { sub: 's', org: 'LEI' } }, 'key-1');
const start = (client: PathwayWorkflowClient) => client.start({ pathwayId: '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60' } as PathwayInput);
const failing = (err: unknown) => () => Promise.reject(err);

/** The problem a caller is answered with, for the DomainError the client threw. */
async function problemOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof DomainError)) throw new Error(`expected a domain error, got ${String(err)}`);
  return toProblem(err).body();
}

describe(PathwayWorkflowClient.name, () => {
  it('answers a rule’s refusal with its own problem', async () => {
    const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'TaskNotOpen', message: 'Task t is already done' }));
    expect(await problemOf(cancel(sut({ call: failing(refused) }).client))).toMatchObject({ status: 409, type: expect.stringMatching(/task-not-open$/), detail: 'Task t is already done' });
  });

  it('waits at most UPDATE_TIMEOUT_SECONDS, by a gRPC deadline, then answers 503 pathway-busy', async () => {
    const { client, deadlines } = sut({ call: failing(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled')) });
    const before = Date.now();
    expect(await problemOf(cancel(client))).toMatchObject({
      status: 503,
      type: expect.stringMatching(/pathway-busy$/),
      detail: 'The change was received; retry with the same Idempotency-Key to get its answer.',
    });
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 1000);
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('gives up on a call that never settles, even if the deadline is not honoured', async () => {
    const before = Date.now();
    expect(await problemOf(cancel(sut({ call: () => new Promise(() => undefined) }).client))).toMatchObject({ status: 503, type: expect.stringMatching(/pathway-busy$/) });
    expect(Date.now() - before).toBeLessThan(5_000);
  });

  it('answers 500 pathway-failed when the Update failed because the workflow failed', async () => {
    const failure = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'PathwayFailed', message: 'boom', nonRetryable: true }));
    expect(await problemOf(cancel(sut({ call: failing(failure) }).client))).toMatchObject({ status: 500, type: expect.stringMatching(/pathway-failed$/) });
    const workflowFailed = new WorkflowFailedError('Workflow execution failed', ApplicationFailure.create({ type: 'PathwayFailed' }), RetryState.NON_RETRYABLE_FAILURE);
    expect(await problemOf(cancel(sut({ call: failing(workflowFailed) }).client))).toMatchObject({ status: 500, type: expect.stringMatching(/pathway-failed$/) });
  });

  it.each(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'] as const)('answers 500 pathway-failed for a change to a pathway whose workflow is %s, not 409', async (status) => {
    const closed = new WorkflowNotFoundError('workflow execution already completed', 'pathway-x', undefined);
    const problem = await problemOf(cancel(sut({ call: failing(closed), status }).client));
    expect(problem).toMatchObject({ status: 500, type: expect.stringMatching(/pathway-failed$/) });
    expect(String(problem.detail)).not.toMatch(/Error|Temporal|workflow/);
    // An Update the workflow closed under, of a type no rule gives.
    const abandoned = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', message: 'Workflow Update failed because the Workflow completed before the Update completed.' }));
    expect(await problemOf(cancel(sut({ call: failing(abandoned), status }).client))).toMatchObject({ status: 500, type: expect.stringMatching(/pathway-failed$/) });
  });

  it('answers 500 pathway-failed for a registration whose workflow failed, 409 for one that completed', async () => {
    const started = new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'pathway-x', 'pathwayWorkflow');
    expect(await problemOf(start(sut({ call: failing(started), status: 'FAILED' }).client))).toMatchObject({ status: 500, type: expect.stringMatching(/pathway-failed$/) });
    expect(await problemOf(start(sut({ call: failing(started), status: 'COMPLETED' }).client))).toMatchObject({ status: 409, type: expect.stringMatching(/pathway-closed$/) });
  });

  it('answers 409 pathway-closed for a change to a pathway that finished', async () => {
    const closed = new WorkflowNotFoundError('workflow execution already completed', 'pathway-x', undefined);
    expect(await problemOf(cancel(sut({ call: failing(closed), status: 'COMPLETED' }).client))).toMatchObject({ status: 409, type: expect.stringMatching(/pathway-closed$/) });
  });

  it('answers 503 when Temporal cannot be reached', async () => {
    const unreachable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} });
    expect(await problemOf(cancel(sut({ call: failing(unreachable) }).client))).toMatchObject({ status: 503, type: expect.stringMatching(/workflow-service-unavailable$/) });
  });
});
