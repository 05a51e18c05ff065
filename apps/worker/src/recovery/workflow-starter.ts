/**
 * How the recovery sweeps start a workflow that its first start left unstarted: the same
 * workflow id, input and id policies as the API's own start, so a start the API made after
 * all is found, not doubled. Each start waits at most UPDATE_TIMEOUT_SECONDS.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { PathwayEntity, policyVersion, ReleaseImportRowEntity } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import { releaseImportStart } from '@throughcare/workflows/imports';
import { pathwayInputOf, pathwayWorkflowId } from '@throughcare/workflows/pathway';

@Injectable()
export class WorkflowStarter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  /**
   * Starts the pathway's workflow from its registration record; `running` if it was found
   * running instead (started by the API after all, its first write still on the way), so the
   * sweep neither counts nor audits a start it did not make.
   */
  async startPathway(pathway: PathwayEntity): Promise<'started' | 'running'> {
    const policy = await policyVersion(this.dataSource, pathway.policyId, pathway.policyVersion);
    if (!policy) throw new Error(`Policy ${pathway.policyId} version ${pathway.policyVersion} does not exist`);
    let outcome: 'started' | 'running' = 'started';
    await this.inTime(async (client) => {
      const found = await client.workflow
        .getHandle(pathwayWorkflowId(pathway.id))
        .describe()
        .catch((err: unknown) => (err instanceof WorkflowNotFoundError ? undefined : Promise.reject(err)));
      if (found?.status.name === 'RUNNING') return void (outcome = 'running');
      await client.workflow.start('pathwayWorkflow', {
        workflowId: pathwayWorkflowId(pathway.id),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [pathwayInputOf(pathway, policy, this.config.PATHWAY_HISTORY_LIMIT)],
        // As the API starts it: a running pathway is found; a finished one's id is never reused.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    });
    return outcome;
  }

  /** Starts the import's workflow on its rows still pending, or finds it started. */
  async startImport(importId: string): Promise<void> {
    const pending = await this.dataSource
      .getRepository(ReleaseImportRowEntity)
      .find({ select: { rowNumber: true }, where: { importId, result: 'pending' }, order: { rowNumber: 'ASC' } });
    const { workflowId, input } = releaseImportStart(importId, pending.map((r) => r.rowNumber), this.config);
    await this.inTime(async (client) => {
      await client.workflow.start('releaseImportWorkflow', { workflowId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
    });
  }

  private async inTime(call: (client: Awaited<ReturnType<TemporalClientService['client']>>) => Promise<void>): Promise<void> {
    const client = await this.temporal.client();
    await client.withDeadline(Date.now() + this.config.UPDATE_TIMEOUT_SECONDS * 1000, () => call(client));
  }
}
