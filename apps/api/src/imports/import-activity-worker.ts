/**
 * The API hosts the import workflow's activities (registering rows is the API's own
 * registration, with its routing, policies and audit), on a task queue of their own beside
 * the pathways' queue. It connects in the background and keeps trying: the API serves (and
 * reports itself unhealthy) while Temporal is away, as it does for every other request.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Config } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { importActivityTaskQueue } from '@throughcare/workflows/imports';
import { ReleaseImportActivitiesService } from './release-import.activities';

const RECONNECT_MS = 5_000;

@Injectable()
export class ImportActivityWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportActivityWorker.name);
  private stopped = false;
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(Config) private readonly config: Config,
    private readonly activities: ReleaseImportActivitiesService,
  ) {}

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
      if (this.stopped) return void (await this.connection.close());
      this.worker = await Worker.create({
        connection: this.connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        taskQueue: importActivityTaskQueue(this.config),
        activities: this.activities.activities(),
        dataConverter: dataConverter(this.config),
        maxConcurrentActivityTaskExecutions: this.config.IMPORT_CONCURRENCY,
        shutdownGraceTime: '10 seconds',
      });
      if (this.stopped) return void (await this.connection.close());
      this.running = this.worker.run().catch((err: unknown) => this.restartAfter(err));
    } catch (err) {
      await this.connection?.close().catch(() => undefined);
      this.connection = undefined;
      if (this.stopped) return;
      this.logger.warn({ err: String(err) }, `import activity worker could not start; trying again in ${RECONNECT_MS / 1000} s`);
      this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    }
  }

  /** A worker that stopped on its own would leave imports waiting for ever: start another. */
  private async restartAfter(err: unknown): Promise<void> {
    if (this.stopped) return;
    this.logger.error({ err: String(err) }, `import activity worker stopped with an error; starting again in ${RECONNECT_MS / 1000} s`);
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
    this.worker = undefined;
    if (!this.stopped) this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close().catch(() => undefined);
  }
}
