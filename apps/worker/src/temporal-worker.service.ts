/**
 * Hosts the Temporal workers inside the Nest application context: starts polling once the
 * app is up, and on shutdown stops polling, lets in-flight activities finish, then closes.
 * Four workers share one connection: the workflows' task queue (workflows, pathway activities,
 * the delivery workflows' database work, the periodic jobs' activities), the two delivery queues (deliveryTaskQueue: urgent
 * and routine sends, each with NOTIFICATION_DELIVERY_SLOTS slots), so a send never waits for a
 * pathway's slot nor a pathway for a send's, and urgent messages never queue behind routine ones,
 * and the imports' queue (importActivityTaskQueue: registering a list's rows, IMPORT_CONCURRENCY
 * batches at a time), so a long list never takes the slots single registrations' pathways need.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DefaultLogger, LogLevel, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { IllegalStateError } from '@temporalio/common';
import { Config } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { MaintenanceActivitiesService } from './maintenance/maintenance.activities';
import { DeliveryActivitiesService } from './notifications/delivery.activities';
import { PathwayActivitiesService } from './pathway.activities';
import { TextActivitiesService } from './texts/text.activities';
import { ReleaseDateActivitiesService } from './intake/release-date.activities';
import { importActivityTaskQueue } from '@throughcare/workflows/imports';
import { deliveryTaskQueue } from '@throughcare/workflows/notifications';
import { ReleaseImportActivitiesService } from './imports/release-import.activities';
import { bundleWorkflows } from './workflow-bundle';

@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private workers: Worker[] = [];
  private running?: Promise<void>;
  private stopping = false;
  private reportFailure!: (err: unknown) => void;
  /**
   * Settles only if the worker stops on its own with an error (one during the app's own
   * shutdown is just logged). The host decides what follows: the worker app exits so its
   * supervisor restarts it. The service never sets the process's exit code itself, since
   * tests host it inside the test runner, whose exit code it would turn red.
   */
  readonly failure = new Promise<unknown>((resolve) => (this.reportFailure = resolve));

  constructor(
    @Inject(Config) private readonly config: Config,
    private readonly pathwayActivities: PathwayActivitiesService,
    private readonly deliveryActivities: DeliveryActivitiesService,
    private readonly releaseDateActivities: ReleaseDateActivitiesService,
    private readonly maintenanceActivities: MaintenanceActivitiesService,
    private readonly importActivities: ReleaseImportActivitiesService,
    private readonly textActivities: TextActivitiesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    installSdkLogging(this.config.LOG_LEVEL);
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const workflowCode = this.config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: this.config.WORKFLOW_BUNDLE_PATH } }
      : { workflowBundle: await bundleWorkflows() };
    const main = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      // `deliver` too, for the tries of deliveries begun before sends had queues of their own.
      activities: { ...this.pathwayActivities.activities(), ...this.deliveryActivities.activities(), ...this.releaseDateActivities.activities(), ...this.maintenanceActivities.activities(), ...this.textActivities.activities() },
      dataConverter: dataConverter(this.config),
      ...workflowCode,
      maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
      workflowThreadPoolSize: this.config.WORKER_WORKFLOW_THREADS,
      shutdownGraceTime: '10 seconds',
    });
    const { deliver } = this.deliveryActivities.activities();
    const senders = await Promise.all(
      [true, false].map((urgent) =>
        Worker.create({
          connection: this.connection!,
          namespace: this.config.TEMPORAL_NAMESPACE,
          taskQueue: deliveryTaskQueue(this.config.TEMPORAL_TASK_QUEUE, urgent),
          activities: { deliver },
          dataConverter: dataConverter(this.config),
          maxConcurrentActivityTaskExecutions: this.config.NOTIFICATION_DELIVERY_SLOTS,
          shutdownGraceTime: '10 seconds',
        }),
      ),
    );
    // The queue's name is the one running imports were started with (their input names it).
    const imports = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: importActivityTaskQueue(this.config),
      activities: this.importActivities.activities(),
      dataConverter: dataConverter(this.config),
      maxConcurrentActivityTaskExecutions: this.config.IMPORT_CONCURRENCY,
      shutdownGraceTime: '10 seconds',
    });
    this.workers = [main, ...senders, imports];
    this.running = Promise.all(
      this.workers.map((worker) =>
        worker.run().catch((err: unknown) => {
          this.logger.error({ err }, 'worker stopped with an error');
          if (!this.stopping) this.reportFailure(err);
        }),
      ),
    ).then(() => undefined);
    this.logger.log(`polling task queue ${this.config.TEMPORAL_TASK_QUEUE}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}

const SDK_LEVEL: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
let sdkLoggingInstalled = false;

/**
 * The SDK's own logs at the configured level. The runtime can be installed once per process,
 * before anything uses it: where something else made it first (bundling workflows in a test),
 * its logger stays.
 */
function installSdkLogging(level: string): void {
  if (sdkLoggingInstalled) return;
  sdkLoggingInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger(SDK_LEVEL[level] ?? 'INFO') });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
  }
}
